// The uuids of one run. Device-level ids (inventory items, evidence resources, observations) come
// from the configuration key and the device's own snapshot hash, both known when the device is
// evaluated, so its observations can be written before the rest of the fleet is read. Document-
// level ids (results, findings, risks) come from the run key, which digests every input.
import { UuidScope } from './ids.js';

export class RunIds {
  private readonly device: UuidScope;
  readonly run: UuidScope;
  private readonly items = new Map<string, string>();
  private readonly resources = new Map<string, string>();
  private readonly snapshotSha = new Map<string, string>();

  constructor(configKey: string, runKey?: string) {
    this.device = new UuidScope(`ato-evidence devices ${configKey}`);
    this.run = new UuidScope(`ato-evidence run ${runKey ?? configKey}`);
  }

  /** Ties a device id to the hash of the snapshot assessed for it (observation ids depend on it). */
  setSnapshot(deviceId: string, sha256: string): void {
    this.snapshotSha.set(deviceId, sha256);
  }

  item(deviceId: string): string {
    let u = this.items.get(deviceId);
    if (!u) this.items.set(deviceId, (u = this.device.uuid('inventory-item', deviceId)));
    return u;
  }

  resource(deviceId: string): string {
    let u = this.resources.get(deviceId);
    if (!u) this.resources.set(deviceId, (u = this.device.uuid('resource', deviceId)));
    return u;
  }

  /** Not cached: a fleet has hundreds of thousands, and hashing again is cheaper than holding them. */
  observation(deviceId: string, checkId: string): string {
    return this.device.uuid('observation', deviceId, this.snapshotSha.get(deviceId) ?? '', checkId);
  }
}
