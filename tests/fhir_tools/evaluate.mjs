// Evaluates FHIRPath with fhirpath.js for tests/test_fhir_conditions_units.py.
//
// Reads {"version": "r4"|"r5", "cases": [{"expression", "variables"}]} on stdin and prints
// a JSON list of results, one per case: the result collection, or {"error": message}.
import { readFileSync } from 'node:fs';
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4/index.js';
import r5 from 'fhirpath/fhir-context/r5/index.js';

const input = JSON.parse(readFileSync(0, 'utf8'));
const model = input.version === 'r5' ? r5 : r4;
const compiled = new Map();
const results = input.cases.map(({ expression, variables }) => {
  try {
    if (!compiled.has(expression)) compiled.set(expression, fhirpath.compile(expression, model));
    return compiled.get(expression)({}, variables);
  } catch (e) {
    return { error: String(e.message ?? e) };
  }
});
process.stdout.write(JSON.stringify(results));
