global using Observability.Projections;
