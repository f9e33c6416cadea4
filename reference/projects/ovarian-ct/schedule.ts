/**
 * PyTorch's OneCycleLR (two phases, cosine annealing, cycle_momentum on), as a pure function
 * of the optimisation step. Step k (0-based) is the k-th optimizer.step(): the schedule is
 * meant to advance once per batch, for epochs × stepsPerEpoch steps. The notebook builds it
 * with steps_per_epoch = len(train_loader) but calls scheduler.step() once per epoch, so its
 * learning rate never leaves the warm-up: after 50 epochs it has made 50 of 50·N steps.
 */
export interface OneCycleOptions {
  maxLr: number;
  totalSteps: number;
  /** Fraction of steps spent warming up (notebook: 0.3). */
  pctStart: number;
  /** initial lr = maxLr / divFactor (notebook: 25). */
  divFactor: number;
  /** min lr = initial lr / finalDivFactor (notebook: 1000). */
  finalDivFactor: number;
  /** β1 cycles inversely to lr between these (PyTorch defaults 0.85, 0.95). */
  baseMomentum: number;
  maxMomentum: number;
}

export interface OneCycleValue { lr: number; beta1: number }

const cosAnneal = (start: number, end: number, pct: number): number => end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);

export function oneCycle(step: number, o: OneCycleOptions): OneCycleValue {
  if (!Number.isInteger(step) || step < 0 || step > o.totalSteps) {
    throw new Error(`one-cycle step must be an integer in [0, ${o.totalSteps}], got ${step}`);
  }
  const initial = o.maxLr / o.divFactor;
  const min = initial / o.finalDivFactor;
  const phases = [
    { end: o.pctStart * o.totalSteps - 1, lr: [initial, o.maxLr], m: [o.maxMomentum, o.baseMomentum] },
    { end: o.totalSteps - 1, lr: [o.maxLr, min], m: [o.baseMomentum, o.maxMomentum] },
  ] as const;
  let start = 0;
  for (let i = 0; i < phases.length; i++) {
    const ph = phases[i]!;
    if (step <= ph.end || i === phases.length - 1) {
      const pct = (step - start) / (ph.end - start);
      return { lr: cosAnneal(ph.lr[0], ph.lr[1], pct), beta1: cosAnneal(ph.m[0], ph.m[1], pct) };
    }
    start = ph.end;
  }
  throw new Error('unreachable');
}
