/**
 * Installs the training kernels for one backend. Registration lives in tfjs's own kernel
 * registry (global by design there); this module keeps no state of its own.
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { conv2dGradConfigs } from './conv2d-grads.js';
import { wasmMatMulConfig } from './matmul.js';
import { poolGradConfigs } from './pool-grads.js';
import { depthwiseGradConfigs } from './depthwise-grads.js';

export interface RegisteredKernels {
  backendName: string;
  /** Kernels this call registered, replaced or left alone because ours were already in place. */
  kernels: string[];
}

/** Marks our configs so a second call (new test, new run) does not wrap a wrapper. */
const MARK = Symbol.for('medgrade.core.kernel');

function install(config: KernelConfig): void {
  const current = getKernel(config.kernelName, config.backendName) as (KernelConfig & { [MARK]?: true }) | undefined;
  if (current?.[MARK]) return;
  if (current) unregisterKernel(config.kernelName, config.backendName);
  registerKernel({ ...config, [MARK]: true } as KernelConfig);
}

export function trainingKernelConfigs(backendName: string): KernelConfig[] {
  if (backendName === 'wasm') {
    const configs = [...conv2dGradConfigs('wasm'), ...poolGradConfigs('wasm'), ...depthwiseGradConfigs('wasm')];
    const mm = getKernel('BatchMatMul', 'wasm') as (KernelConfig & { [MARK]?: true }) | undefined;
    if (!mm?.[MARK]) configs.push(wasmMatMulConfig());
    return configs;
  }
  if (backendName === 'cpu') return [...conv2dGradConfigs('cpu'), ...poolGradConfigs('cpu'), ...depthwiseGradConfigs('cpu')];
  return [];
}

/** Registers (or replaces stock) training kernels for `backendName`; native backends need none. */
export function registerTrainingKernels(backendName: string): RegisteredKernels {
  const configs = trainingKernelConfigs(backendName);
  for (const c of configs) install(c);
  return { backendName, kernels: configs.map((c) => c.kernelName) };
}
