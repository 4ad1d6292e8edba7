// The FHIR package tools of tests/test_fhir_interop_tier2.py, as a receiver would run them.
//
// Reads {"cache": DIR, "fhirVersion": "4.0.1"|"5.0.0", "core": DIR, "package": TGZ} on
// stdin. fhir-package-installer installs the core package (a folder) and ours (the tgz)
// into the FHIR package cache DIR (the layout of ~/.fhir/packages); fhir-snapshot-generator
// then makes the snapshot of every StructureDefinition in our package. Prints
// {"installed", "snapshots": {url: elements}, "errors", "warnings"} — no network:
// both packages are local, and the installer needs nothing else.
import { readFileSync } from 'node:fs';
import { FhirPackageInstaller } from 'fhir-package-installer';
import { FhirPackageExplorer } from 'fhir-package-explorer';
import { FhirSnapshotGenerator } from 'fhir-snapshot-generator';

const input = JSON.parse(readFileSync(0, 'utf8'));
const errors = [];
const warnings = [];
const quiet = {
  info: () => {},
  warn: (w) => warnings.push(String(w?.message ?? w)),
  debug: () => {},
  error: (e) => errors.push(`logged: ${e?.message ?? e}`),
};

// No registry: everything is local, and a test must not reach the network.
const fpi = new FhirPackageInstaller({ cachePath: input.cache, logger: quiet, registryUrl: 'n/a' });
for (const dir of input.stubs) await fpi.installLocalPackage(dir);
await fpi.installLocalPackage(input.core);
await fpi.installLocalPackage(input.package);
const ours = JSON.parse(input.manifest);
const id = `${ours.name}#${ours.version}`;
const installed = [];
for (const pkg of [id, `${input.coreName}#${input.fhirVersion}`]) {
  if (await fpi.isInstalled(pkg)) installed.push(pkg);
}

const fpe = await FhirPackageExplorer.create({
  registryUrl: 'n/a',
  context: [id],
  cachePath: input.cache,
  fhirVersion: input.fhirVersion,
  skipExamples: true,
  logger: quiet,
});
const fsg = await FhirSnapshotGenerator.create({
  fpe,
  fhirVersion: input.fhirVersion,
  cacheMode: 'none',
  logger: quiet,
});
const snapshots = {};
for (const url of input.urls) {
  try {
    const sd = await fsg.getSnapshot(url);
    snapshots[url] = sd.snapshot.element;
  } catch (err) {
    errors.push(`${url}: ${err.message}`);
  }
}
process.stdout.write(JSON.stringify({ installed, snapshots, errors, warnings }));
