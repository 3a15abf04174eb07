// Validates every object of a multi-document YAML file against the Kubernetes OpenAPI schema that the npm package
// kubernetes-models ships (Kubernetes 1.27): value types, enums and required fields. It does not reject unknown
// fields; the xunit tests check those with KubernetesClient's strict loader.
// Usage: NODE_PATH=artifacts/k8s-tools/node_modules node validate-required-fields.cjs FILE.yaml
// Prints one JSON line per object ({index, kind, name, status: ok|invalid|unsupported, message}); exit code 1 when
// any object is invalid or has no schema, 2 when the file cannot be read or parsed.
"use strict";
const { readFileSync } = require("node:fs");
const { parseAllDocuments } = require("yaml");

function modelClass(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  const modulePath = slash < 0 ? `kubernetes-models/${apiVersion}` : `kubernetes-models/${apiVersion.slice(0, slash)}/${apiVersion.slice(slash + 1)}`;
  try {
    return require(modulePath)[kind];
  } catch {
    return undefined;
  }
}

let documents;
try {
  documents = parseAllDocuments(readFileSync(process.argv[2], "utf8"));
} catch (error) {
  console.error(`cannot read ${process.argv[2]}: ${error.message}`);
  process.exit(2);
}

let failures = 0;
documents.forEach((document, index) => {
  if (document.errors.length > 0) {
    failures++;
    console.log(JSON.stringify({ index, status: "invalid", message: document.errors.map(e => e.message).join("; ") }));
    return;
  }
  const object = document.toJS();
  if (object === null || object === undefined) {
    return;
  }
  const kind = object.kind;
  const name = object.metadata?.name;
  const Model = typeof object.apiVersion === "string" && typeof kind === "string" ? modelClass(object.apiVersion, kind) : undefined;
  if (Model === undefined) {
    failures++;
    console.log(JSON.stringify({ index, kind, name, status: "unsupported", message: `no schema for ${object.apiVersion} ${kind}` }));
    return;
  }
  try {
    new Model(object).validate();
    console.log(JSON.stringify({ index, kind, name, status: "ok" }));
  } catch (error) {
    failures++;
    console.log(JSON.stringify({ index, kind, name, status: "invalid", message: error.message }));
  }
});
process.exit(failures > 0 ? 1 : 0);
