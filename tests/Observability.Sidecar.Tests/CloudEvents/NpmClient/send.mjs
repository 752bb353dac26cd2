// A real CloudEvents client for CloudEventsNpmClientTests: the CNCF JavaScript SDK (npm 'cloudevents') emits a CDEvents
// pipeline run (started, finished, finished again) and a plain CloudEvent with an extension to the sidecar, in the mode
// asked for, over the SDK's own HTTP transport. Prints the sidecar's answers as one JSON array.
// Usage: node send.mjs <sidecar base URL> <binary|structured> <unique prefix>
import { CloudEvent, emitterFor, httpTransport, HTTP, Mode } from "cloudevents";

const [base, modeName, prefix] = process.argv.slice(2);
const mode = modeName === "structured" ? Mode.STRUCTURED : Mode.BINARY;
const emit = emitterFor(httpTransport(new URL("/api/v1/cloudevents", base)), { binding: HTTP, mode });

function pipelineRun(predicate, time, outcome) {
  const id = `${prefix}-${predicate}`;
  const type = `dev.cdevents.pipelinerun.${predicate}.0.3.0`;
  const content = { pipelineName: prefix, uri: "https://ci.example/runs/1" };
  if (outcome) {
    content.outcome = outcome;
  }

  return new CloudEvent({
    id,
    source: "/ci/npm-client",
    type,
    time,
    datacontenttype: "application/json",
    data: {
      context: { specversion: "0.5.1", id, source: "/ci/npm-client", type, timestamp: time },
      subject: { id: `${prefix}-run`, source: "/ci/npm-client", content },
    },
  });
}

const events = [
  pipelineRun("started", "2026-03-01T10:00:00.000Z"),
  pipelineRun("finished", "2026-03-01T10:01:00.000Z", "success"),
  pipelineRun("finished", "2026-03-01T10:01:00.000Z", "success"),
  new CloudEvent({
    id: `${prefix}-plain`,
    source: "/tools/npm-client",
    type: "com.example.build.note",
    subject: "note-1",
    myext: "extension value",
    data: { text: "héllo", n: 3 },
  }),
];

const answers = [];
for (const event of events) {
  const response = await emit(event);
  answers.push(JSON.parse(response.body));
}

process.stdout.write(JSON.stringify(answers));
