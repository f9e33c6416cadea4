import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { z } from 'zod';
import { MedgradeError } from '../errors.js';

const run = promisify(execFile);

const probeSchema = z.object({
  version: z.string(),
  prefix: z.string(),
  basePrefix: z.string(),
  packages: z.record(z.string(), z.string()),
  harnessReady: z.boolean(),
});
export type PythonProbe = z.infer<typeof probeSchema>;

// Names are PEP 503-normalised (tensorflow_cpu → tensorflow-cpu), as in pip list.
// importlib.metadata works without pip (Debian's python3 has no pip module).
const PROBE = `
import re, sys, json, importlib.metadata as md, importlib.util as u
pk = {}
for d in md.distributions():
    n = d.metadata.get("Name")
    if n: pk[re.sub(r"[-_.]+", "-", n).lower()] = d.version
ready = all(u.find_spec(m) is not None for m in ("nbclient", "ipykernel", "nbformat"))
print(json.dumps({"version": ".".join(map(str, sys.version_info[:3])), "prefix": sys.prefix,
  "basePrefix": sys.base_prefix, "packages": pk, "harnessReady": ready}))
`;

/** Asks an interpreter for its version, prefixes and installed distributions. */
export async function probePython(executable: string): Promise<PythonProbe> {
  try {
    const { stdout } = await run(executable, ['-I', '-c', PROBE], { timeout: 60_000, maxBuffer: 16 << 20 });
    return probeSchema.parse(JSON.parse(stdout));
  } catch (e) {
    throw new MedgradeError('E_ENV_BUILD', `cannot query Python interpreter: ${(e as Error).message}`, executable);
  }
}

/** "3.12.1" → "3.12"; null when the text holds no major.minor. */
export function majorMinor(version: string): string | null {
  const m = /^(\d+)\.(\d+)/.exec(version.trim());
  return m ? `${m[1]}.${m[2]}` : null;
}
