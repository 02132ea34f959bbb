// What the package exports at run time is what its types declare, and nothing else.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as client from "../src/index.js";

test("index.d.ts declares every export, and only those", () => {
  const types = readFileSync(new URL("../index.d.ts", import.meta.url), "utf8");
  const declared = [...types.matchAll(/^export (?:function|class|const) (\w+)/gm)].map((m) => m[1]).sort();
  assert.deepEqual(Object.keys(client).sort(), declared);
});
