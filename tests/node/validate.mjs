// Validate JSON documents with Ajv as an app would: draft 2020-12 (ajv/dist/2020) in Ajv's
// default strict mode, which refuses unknown keywords and formats, with ajv-formats for the
// standard formats.
//
//   node validate.mjs SCHEMA_FOLDER CASES.json
//
// Every *.json of SCHEMA_FOLDER is added by its $id (compiling it: a schema strict mode refuses
// fails here). CASES.json is a list of {"document": PATH, "schema": FILE_NAME}; the answer, on
// stdout, is the same list with "errors" (Ajv's, empty when the document is valid).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemaFolder, casesFile] = process.argv.slice(2);
const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv);
const ids = {};
for (const name of readdirSync(schemaFolder).filter((n) => n.endsWith(".json")).sort()) {
  const schema = JSON.parse(readFileSync(join(schemaFolder, name), "utf8"));
  ajv.addSchema(schema);
  ids[name] = schema.$id;
}
const cases = JSON.parse(readFileSync(casesFile, "utf8"));
const results = cases.map(({ document, schema }) => {
  const validate = ajv.getSchema(ids[schema]);
  const valid = validate(JSON.parse(readFileSync(document, "utf8")));
  return { document, schema, errors: valid ? [] : validate.errors.map((e) => `${e.instancePath} ${e.message}`) };
});
process.stdout.write(JSON.stringify(results));
