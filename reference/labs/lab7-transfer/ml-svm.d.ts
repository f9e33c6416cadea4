// ml-svm 2.1 ships no types; this covers what lab 7 calls.
declare module 'ml-svm' {
  interface SvmOptions {
    C?: number; tol?: number; maxPasses?: number; maxIterations?: number; alphaTol?: number;
    kernel?: 'linear' | 'rbf' | 'polynomial'; kernelOptions?: Record<string, number>;
    random?: () => number; whitening?: boolean;
  }
  class SVM {
    constructor(options?: SvmOptions);
    train(features: number[][], labels: number[]): void;
    predict(features: number[][]): number[];
    margin(features: number[][]): number[];
    supportVectors(): number[];
  }
  export default SVM;
}
