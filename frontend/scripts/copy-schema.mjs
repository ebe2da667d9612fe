// Ships the Kubernetes v1.32 schema (Pod + Namespace closure) beside the bundle, so the editor
// validates offline: static/playground/k8s-schema-v1.32.json, compact and byte-for-byte stable.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, '..', '..', 'playground', 'sim', 'data', 'schema_core_v1.json.gz');
const target = join(here, '..', '..', 'static', 'playground', 'k8s-schema-v1.32.json');
writeFileSync(target, JSON.stringify(JSON.parse(gunzipSync(readFileSync(source)).toString('utf8'))) + '\n');
