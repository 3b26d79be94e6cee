// Parts every OSCAL document of a run shares: its metadata (the assessor and team as parties), and
// the back-matter resources citing each device's evidence copy. The results and the POA&M both
// write them; kept apart from either so neither imports the other for them.
import { StreamedArray } from '../io/json-stream.js';
import type { AssessedDevice, Assessment } from '../assess/model.js';
import { portablePath } from '../io/display-path.js';
import { OSCAL_VERSION, prop, type Json } from './common.js';
import type { RunIds } from './run-ids.js';
import { teamMetadata } from './assessors.js';

/** A document's metadata: with the assessor and team as parties and roles (and any other parties). */
export function metadata(a: Pick<Assessment, 'now' | 'toolVersion' | 'ids' | 'team'>, title: string, otherParties: Json[] = [], extraProps: Json[] = []): Json {
  const team = teamMetadata(a.ids, a.team);
  const parties = [...team.parties, ...otherParties.filter((p) => !team.parties.some((t) => t.uuid === p.uuid))];
  return {
    title,
    'last-modified': a.now,
    version: a.now,
    'oscal-version': OSCAL_VERSION,
    props: [prop('generator', `ato-evidence ${a.toolVersion}`), ...extraProps],
    ...(team.roles.length ? { roles: team.roles } : {}),
    ...(parties.length ? { parties } : {}),
    ...(team.responsible.length ? { 'responsible-parties': team.responsible } : {}),
  };
}

/** Back-matter resources for the devices' evidence copies, produced while writing, followed by `more`. */
export function streamedEvidenceResources(ids: RunIds, devices: readonly AssessedDevice[], more: readonly Json[] = []): StreamedArray<Json> {
  return new StreamedArray(function* () {
    for (const d of devices) yield evidenceResource(d, ids);
    yield* more;
  });
}

function evidenceResource(d: AssessedDevice, ids: RunIds): Json {
  if (d.unreadable !== undefined) {
    // assess --keep-going: nothing was read, so there is no evidence copy to link, only what failed.
    return {
      uuid: ids.resource(d.id),
      title: `Input for ${d.id} that could not be read`,
      description: `${portablePath(d.sourceFile)} could not be read: ${d.unreadable}`,
      props: [{ name: 'type', value: 'evidence' }, prop('device-id', d.id), prop('inventory-item-uuid', ids.item(d.id)), prop('source-file', portablePath(d.sourceFile)), prop('unreadable-input', d.unreadable)],
    };
  }
  // A redacted copy's original is not hashed for output: with the copy, its hash would let anyone test guesses of the secret.
  // The device (the SSP's inventory item, by uuid) and when this snapshot was collected: the
  // per-run facts of the device live here, beside the evidence they describe.
  // The input's path as reports show it (io/display-path.ts): no folder of the machine that ran the assessment.
  // Nothing reads it back to find a file: diff and export follow the rlink to the evidence copy.
  const props: Json[] = [{ name: 'type', value: 'evidence' }, prop('device-id', d.id), prop('inventory-item-uuid', ids.item(d.id)), prop('snapshot-collected', d.collectedAt), prop('source-file', portablePath(d.sourceFile)), ...(d.redacted ? [] : [prop('source-sha256', d.sourceSha256)])];
  if (d.redacted) props.push(prop('redacted', 'secrets replaced by [REDACTED] in this copy; the SHA-256 of the original file is withheld, because with this copy it would let anyone test guesses of the secrets'));
  return {
    uuid: ids.resource(d.id),
    title: `Configuration snapshot of ${d.id} collected ${d.collectedAt}`,
    props,
    rlinks: [{ href: d.evidenceHref, 'media-type': 'application/json', hashes: [{ algorithm: 'SHA-256', value: d.evidenceSha256 }] }],
  };
}
