/**
 * Kernels for tfjs-node's 'tensorflow' backend. Its Step kernel (the ReLU gradient's mask) runs
 * six ops (isNaN, greater, ones, fill, where, Select): 9.2 ms CPU on a 32×64×64×16 activation,
 * against 1.5 ms for Relu(Sign(x)), two TensorFlow ops, which is Step for alpha = 0.
 * Difference: Step of NaN is NaN in tfjs, while Relu(Sign(NaN)) follows TensorFlow's Relu.
 * (TensorFlow's MaxPoolGrad was checked too: 13.3 ms CPU against 14.7 ms for our JS loop, so it stays.)
 */
import { getKernel, tidy, type KernelConfig, type KernelFunc, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';

interface NodeBackendLike {
  executeSingleInput(name: string, input: TensorInfo | Tensor): Tensor;
}

export function nativeConfigs(): KernelConfig[] {
  const stock = getKernel('Step', 'tensorflow');
  if (!stock) return [];
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const alpha = (args.attrs?.['alpha'] as number | undefined) ?? 0;
    if (alpha !== 0 || x.dtype !== 'float32') return stock.kernelFunc(args);
    const backend = args.backend as unknown as NodeBackendLike;
    return tidy(() => backend.executeSingleInput('Relu', backend.executeSingleInput('Sign', x)));
  };
  return [{ kernelName: 'Step', backendName: 'tensorflow', kernelFunc }];
}
