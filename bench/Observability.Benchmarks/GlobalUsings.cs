global using Observability.Metrics;
