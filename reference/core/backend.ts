/**
 * Picks the fastest tfjs backend this machine can run and installs the training kernels it
 * needs. Order: tfjs-node-gpu, tfjs-node (optional dependencies, usually absent offline), a
 * tfjs-node built locally against PyPI's TensorFlow (native/build-tfjs-node.sh), wasm with
 * SIMD, cpu. The returned record is written into provenance so a reader knows which
 * numeric path produced a result.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { registerTrainingKernels } from './kernels/register.js';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface BackendChoice {
  /** tfjs backend name as tf.getBackend() reports it. */
  name: string;
  /** Which package gave it, SIMD/threads for wasm, and why each earlier candidate was skipped. */
  detail: {
    package: string;
    simd?: boolean;
    threads?: boolean;
    kernels: string[];
    skipped: { candidate: string; reason: string }[];
  };
}

export interface SelectBackendOptions {
  /** Start at this candidate instead of the top of the list ('tensorflow' means the native one). */
  prefer?: BackendName;
}

function why(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0]!.slice(0, 300);
}

/** The folder holding tfjs-backend-wasm's .wasm files, resolved from the installed package. */
export function wasmBinaryDir(): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve('@tensorflow/tfjs-backend-wasm');
  // main is .../tfjs-backend-wasm/dist/tf-backend-wasm.node.js; the binaries sit beside it.
  return path.dirname(main) + path.sep;
}

/** Where reference/core/native/build-tfjs-node.sh puts a tfjs-node built against PyPI's TensorFlow. */
export function localTfjsNodeDir(): string {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  return path.join(process.env['MEDGRADE_TFJS_NODE_DIR'] ?? path.join(root, '.medgrade', 'tfjs-node'), 'package');
}

async function tryNative(pkg: string): Promise<string> {
  // Importing tfjs-node registers the 'tensorflow' backend on the shared tfjs-core as a side effect.
  // TensorFlow's C++ logging (oneDNN notices) goes to stderr unless asked otherwise.
  process.env['TF_CPP_MIN_LOG_LEVEL'] ??= '2';
  if (path.isAbsolute(pkg)) {
    if (!existsSync(path.join(pkg, 'package.json'))) throw new Error(`no local build at ${pkg} (run reference/core/native/build-tfjs-node.sh)`);
    createRequire(import.meta.url)(pkg);
  } else {
    await import(pkg);
  }
  if (!tf.findBackendFactory('tensorflow')) throw new Error(`${pkg} loaded but registered no 'tensorflow' backend`);
  if (!(await tf.setBackend('tensorflow'))) throw new Error(`${pkg}: backend 'tensorflow' failed to initialise`);
  return 'tensorflow';
}

async function tryWasm(): Promise<{ simd: boolean; threads: boolean }> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(wasmBinaryDir());
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to initialise');
  await tf.ready();
  return { simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') };
}

async function tryCpu(): Promise<void> {
  await import('@tensorflow/tfjs-backend-cpu');
  if (!(await tf.setBackend('cpu'))) throw new Error('cpu backend failed to initialise');
  await tf.ready();
}

/** Selects, initialises and prepares a backend for training; throws only if even cpu fails. */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendChoice> {
  const order: BackendName[] = ['tensorflow', 'wasm', 'cpu'];
  const start = options.prefer ? order.indexOf(options.prefer) : 0;
  const skipped: BackendChoice['detail']['skipped'] = [];
  for (const candidate of order.slice(start)) {
    try {
      if (candidate === 'tensorflow') {
        for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node', localTfjsNodeDir()]) {
          try {
            const name = await tryNative(pkg);
            return { name, detail: { package: pkg, kernels: registerTrainingKernels(name).kernels, skipped } };
          } catch (err) {
            skipped.push({ candidate: pkg, reason: why(err) });
          }
        }
        continue;
      }
      if (candidate === 'wasm') {
        const { simd, threads } = await tryWasm();
        if (!simd) skipped.push({ candidate: 'wasm', reason: 'no SIMD support: wasm runs, but slower' });
        const kernels = registerTrainingKernels('wasm').kernels;
        return { name: 'wasm', detail: { package: '@tensorflow/tfjs-backend-wasm', simd, threads, kernels, skipped } };
      }
      await tryCpu();
      const kernels = registerTrainingKernels('cpu').kernels;
      return { name: 'cpu', detail: { package: '@tensorflow/tfjs-backend-cpu', kernels, skipped } };
    } catch (err) {
      skipped.push({ candidate, reason: why(err) });
    }
  }
  throw new Error(`no tfjs backend could start: ${skipped.map((s) => `${s.candidate}: ${s.reason}`).join('; ')}`);
}
