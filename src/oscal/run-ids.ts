// The uuids of one run. Device-level ids (inventory items, evidence resources, observations) come
// from the configuration key and the device's own snapshot hash, both known when the device is
// evaluated, so its observations can be written before the rest of the fleet is read. Document-
// level ids (results, findings, risks) come from the run key, which digests every input and is
// set once every snapshot has been read.
import { formatUuid, UuidScope } from './ids.js';

export class RunIds {
  private readonly device: UuidScope;
  private runScope: UuidScope | undefined;
  private readonly items = new Map<string, string>();
  private readonly resources = new Map<string, string>();
  private readonly snapshotSha = new Map<string, string>();
  private readonly checkIndex: Map<string, number>;
  /** Observation uuids per device as 16 raw bytes per check: a fleet has hundreds of thousands. */
  private readonly observations = new Map<string, Buffer>();

  constructor(configKey: string, private readonly checkIds: readonly string[]) {
    this.device = new UuidScope(`ato-evidence devices ${configKey}`);
    this.checkIndex = new Map(checkIds.map((id, i) => [id, i]));
  }

  /** Document-level ids need every input's digest: set it once all snapshots are read. */
  setRunKey(runKey: string): void {
    this.runScope = new UuidScope(`ato-evidence run ${runKey}`);
  }

  get run(): UuidScope {
    if (!this.runScope) throw new Error('RunIds: the run key is not set yet');
    return this.runScope;
  }

  /** Ties a device id to the hash of the snapshot assessed for it (observation ids depend on it). */
  setSnapshot(deviceId: string, sha256: string): void {
    this.snapshotSha.set(deviceId, sha256);
    this.observations.delete(deviceId);
  }

  item(deviceId: string): string {
    let u = this.items.get(deviceId);
    if (!u) this.items.set(deviceId, (u = this.device.uuid('inventory-item', deviceId)));
    return u;
  }

  /** The tool (this assessment platform's component): the same for every observation of the run. */
  tool(): string {
    return this.device.uuid('component', 'ato-evidence');
  }

  /** A person of the assessment (assessor, team member), by name and role. */
  party(name: string, role: string): string {
    return this.device.uuid('party', role, name);
  }

  resource(deviceId: string): string {
    let u = this.resources.get(deviceId);
    if (!u) this.resources.set(deviceId, (u = this.device.uuid('resource', deviceId)));
    return u;
  }

  /** The back-matter resource citing the file an option named (--params): one per option. */
  optionFile(option: string): string {
    return this.device.uuid('resource', 'option-file', option);
  }

  observation(deviceId: string, checkId: string): string {
    const index = this.checkIndex.get(checkId);
    const sha = this.snapshotSha.get(deviceId) ?? '';
    if (index === undefined) return this.device.uuid('observation', deviceId, sha, checkId);
    let all = this.observations.get(deviceId);
    if (!all) {
      all = Buffer.allocUnsafe(16 * this.checkIds.length);
      this.checkIds.forEach((id, i) => this.device.uuidBytes('observation', deviceId, sha, id).copy(all!, 16 * i, 0, 16));
      this.observations.set(deviceId, all);
    }
    return formatUuid(all, 16 * index);
  }
}
