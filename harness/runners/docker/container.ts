import { GenericContainer } from 'testcontainers';
import type { DeviceRequest } from './gpus.js';

/** HostConfig fields testcontainers has no builder for; `hostConfig` is protected, so a subclass sets them. */
export interface HostConfigExtras {
  pidsLimit: number;
  memoryBytes: number;
  nanoCpus: number;
  ulimits: { Name: string; Soft: number; Hard: number }[];
  deviceRequests: DeviceRequest[];
  /** Caps the engine's own log files (two of this size), so a flood of output cannot fill the host disk. */
  logMaxBytes: number;
}

export class PhaseContainer extends GenericContainer {
  private onCreated: ((id: string) => Promise<void>) | null = null;

  /** Runs between create and start: the moment to attach to the output without missing a byte. */
  withCreatedHook(fn: (id: string) => Promise<void>): this {
    this.onCreated = fn;
    return this;
  }

  protected override async containerCreated(id: string): Promise<void> {
    await this.onCreated?.(id);
  }

  withHostConfigExtras(x: HostConfigExtras): this {
    this.hostConfig.ReadonlyRootfs = true;
    this.hostConfig.PidsLimit = x.pidsLimit;
    this.hostConfig.Memory = x.memoryBytes;
    // Equal to Memory: no swap, so the memory limit is the real one.
    this.hostConfig.MemorySwap = x.memoryBytes;
    this.hostConfig.NanoCpus = x.nanoCpus;
    this.hostConfig.Ulimits = x.ulimits;
    this.hostConfig.LogConfig = { Type: 'json-file', Config: { 'max-size': String(x.logMaxBytes), 'max-file': '2' } };
    if (x.deviceRequests.length) this.hostConfig.DeviceRequests = x.deviceRequests;
    return this;
  }
}
