// Build step: drop the previous build's lazy chunks (their names carry content hashes, so old
// ones would pile up in static/playground/chunks/ and be committed).
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
rmSync(join(here, '..', '..', 'static', 'playground', 'chunks'), { recursive: true, force: true });
