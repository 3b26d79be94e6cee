import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadControlIndex, type ControlIndex } from '../src/catalog/control-index.js';
import { checkProducerRules, jsonPointer, oscalVersionNote, oscalVersionRelation, type ProducerRuleOptions, type RuleId, type RuleProblem } from '../src/oscal/rules.js';
import { describeWithShared, examplesDir, validateOscal } from './support/oscal-schema.js';
import { NIST_EXAMPLE_FLAWS } from './support/nist-examples.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = any;

const index = loadControlIndex();
const NS = 'https://ato-evidence.example/ns/oscal';

const EVIDENCE_PATH = 'evidence/MR-01.snapshot.json';
const EVIDENCE = Buffer.from('{"device":"MR-01","lockoutBadCount":0}\n');
const EVIDENCE_SHA256 = createHash('sha256').update(EVIDENCE).digest('hex');

/** readFile stub: the one evidence file beside the document. */
const readFile = (rel: string): Buffer | undefined => (rel === EVIDENCE_PATH ? EVIDENCE : undefined);

const U = {
  ar: '942df3ee-bba4-4631-81c7-cd80744be9bf',
  result: '60109141-0c62-465a-996e-e374c191a705',
  device: 'f8e14dbe-cdc3-4dc4-88af-7ddf7434ca1e',
  observation: '4aa4cfbf-2b0f-4812-9a3d-f4a170a04ef7',
  risk: '270938d5-d081-4585-9a88-a5a42c83c951',
  finding: '80f1aa83-a469-4f2f-b1be-c7e0200fe569',
  apResource: '5dd4fc28-3024-43d2-bda3-3106cfa70bdb',
  evidence: '1c2b853c-72f0-46ea-8407-8afc3cd2db36',
  poam: 'a0e23c17-fde2-4fd9-b914-d75e5c29dbe8',
  poamItem: '64a4f6db-bdc8-47cd-9d52-905b949843ee',
  sspResource: '135a2d53-4a86-4328-a631-631d19bc99b4',
  ssp: '871d997d-cce9-4e90-be05-3ca49036611b',
  thisSystem: '53d0afd6-43d9-486c-b497-b05b634d6913',
  user: 'd3cc939f-339d-486d-aaa9-eb525e6b4d57',
  implReq: '907c36ef-805d-4086-94fa-8e15b950f121',
  byComponent: 'b9dae42b-02cc-4352-af0a-1c3d691c2852',
  infoType: '192ad759-da65-4861-9e81-793a18d66462',
  profileResource: '70441356-995c-4804-a2c7-427a100adfe9',
  cdef: '2ca1898b-67cd-4a43-985a-a40e26ad656b',
  cdefComponent: '078c0c23-acf2-4c5e-bd0b-ab53586f681e',
  cdefImpl: 'faeee7ba-785d-4dfc-be6c-9ddfc278d703',
  cdefReq: '2fb215f4-4808-4c41-9dc5-1548269891ff',
  catalogResource: 'dac85aac-04d3-49f1-9d5b-9a89bbf71df9',
  unknown: '45db1299-5c5f-49bc-813e-25c7d6e1ff98',
  logEntry: '0b6d5c1e-4f0a-4d8e-9a3b-2f1e7c6d5a40',
  statement: 'c4e2a9f1-7b3d-4e8a-9c5f-1d2e3f4a5b60',
};

const metadata = (title: string) => ({
  title,
  'last-modified': '2025-03-04T10:00:00Z',
  version: '1.0',
  'oscal-version': '1.1.3',
});

/** A small assessment-results document that passes both schemas and every producer rule. */
function makeAR(): Doc {
  return {
    'assessment-results': {
      uuid: U.ar,
      metadata: metadata('MR-01 console assessment'),
      'import-ap': { href: `#${U.apResource}` },
      results: [
        {
          uuid: U.result,
          title: 'Snapshot of 2025-03-04',
          description: 'Console settings read from the snapshot.',
          start: '2025-03-04T09:00:00Z',
          end: '2025-03-04T09:30:00Z',
          'local-definitions': {
            'inventory-items': [
              {
                uuid: U.device,
                description: 'MR scanner console MR-01',
                props: [
                  { name: 'asset-type', value: 'appliance' },
                  { name: 'serial-number', value: 'SN-0001' },
                  { name: 'device-class', ns: NS, value: 'mr-console' },
                ],
              },
            ],
          },
          'reviewed-controls': {
            'control-selections': [{ 'include-controls': [{ 'control-id': 'ac-7' }, { 'control-id': 'sc-45.1' }] }],
          },
          observations: [
            {
              uuid: U.observation,
              description: 'LockoutBadCount is 0: accounts never lock.',
              methods: ['TEST'],
              types: ['finding'],
              subjects: [{ 'subject-uuid': U.device, type: 'inventory-item' }],
              'relevant-evidence': [{ href: `#${U.evidence}`, description: 'The console snapshot.' }],
              collected: '2025-03-04T09:10:00Z',
              expires: '2025-04-03T09:10:00Z',
            },
          ],
          risks: [
            {
              uuid: U.risk,
              title: 'Unlimited logon attempts',
              description: 'Password guessing is not slowed down.',
              statement: 'An attacker at the console can guess passwords without limit.',
              status: 'open',
            },
          ],
          findings: [
            {
              uuid: U.finding,
              title: 'Account lockout not enforced',
              description: 'AC-7 objective not satisfied on MR-01.',
              target: {
                type: 'objective-id',
                'target-id': 'ac-7_obj',
                status: { state: 'not-satisfied', reason: 'fail' },
              },
              'related-observations': [{ 'observation-uuid': U.observation }],
              'related-risks': [{ 'risk-uuid': U.risk }],
            },
          ],
        },
      ],
      'back-matter': {
        resources: [
          { uuid: U.apResource, title: 'Assessment plan', rlinks: [{ href: 'https://hospital.example/ap.json' }] },
          {
            uuid: U.evidence,
            title: 'MR-01 snapshot',
            props: [{ name: 'type', value: 'evidence' }],
            rlinks: [
              {
                href: EVIDENCE_PATH,
                'media-type': 'application/json',
                hashes: [{ algorithm: 'SHA-256', value: EVIDENCE_SHA256 }],
              },
            ],
          },
        ],
      },
    },
  };
}

/** A small plan-of-action-and-milestones. */
function makePOAM(): Doc {
  return {
    'plan-of-action-and-milestones': {
      uuid: U.poam,
      metadata: metadata('MR-01 POA&M'),
      'import-ssp': { href: `#${U.sspResource}` },
      observations: [
        {
          uuid: U.observation,
          description: 'LockoutBadCount is 0.',
          methods: ['TEST'],
          collected: '2025-03-04T09:10:00Z',
        },
      ],
      risks: [
        {
          uuid: U.risk,
          title: 'Unlimited logon attempts',
          description: 'Password guessing is not slowed down.',
          statement: 'An attacker at the console can guess passwords without limit.',
          status: 'deviation-requested',
          deadline: '2025-06-30T00:00:00Z',
        },
      ],
      findings: [
        {
          uuid: U.finding,
          title: 'Account lockout not enforced',
          description: 'AC-7 objective not satisfied.',
          target: { type: 'objective-id', 'target-id': 'ac-7_obj', status: { state: 'not-satisfied' } },
        },
      ],
      'poam-items': [
        {
          uuid: U.poamItem,
          title: 'Enable account lockout on MR-01',
          description: 'Vendor to enable lockout in the next service pack.',
          'related-findings': [{ 'finding-uuid': U.finding }],
          'related-observations': [{ 'observation-uuid': U.observation }],
          'related-risks': [{ 'risk-uuid': U.risk }],
        },
      ],
      'back-matter': {
        resources: [{ uuid: U.sspResource, title: 'SSP', rlinks: [{ href: 'https://hospital.example/ssp.json' }] }],
      },
    },
  };
}

/** A small system-security-plan. */
function makeSSP(): Doc {
  return {
    'system-security-plan': {
      uuid: U.ssp,
      metadata: metadata('Radiology imaging SSP'),
      'import-profile': { href: `#${U.profileResource}` },
      'system-characteristics': {
        'system-ids': [{ 'identifier-type': 'https://ietf.org/rfc/rfc4122', id: U.ssp }],
        'system-name': 'Radiology imaging',
        description: 'MR and CT consoles.',
        'system-information': {
          'information-types': [
            {
              uuid: U.infoType,
              title: 'Patient images',
              description: 'DICOM images.',
              'confidentiality-impact': { base: 'fips-199-moderate' },
              'integrity-impact': { base: 'fips-199-moderate' },
              'availability-impact': { base: 'fips-199-moderate' },
            },
          ],
        },
        'security-impact-level': {
          'security-objective-confidentiality': 'fips-199-moderate',
          'security-objective-integrity': 'fips-199-moderate',
          'security-objective-availability': 'fips-199-moderate',
        },
        status: { state: 'operational' },
        'authorization-boundary': { description: 'The consoles and their modality network.' },
      },
      'system-implementation': {
        users: [{ uuid: U.user, title: 'Technologist', props: [{ name: 'type', value: 'internal' }] }],
        components: [
          {
            uuid: U.thisSystem,
            type: 'this-system',
            title: 'Radiology imaging',
            description: 'The whole system.',
            status: { state: 'operational' },
          },
        ],
      },
      'control-implementation': {
        description: 'How the consoles meet the moderate baseline.',
        'implemented-requirements': [
          {
            uuid: U.implReq,
            'control-id': 'ac-7',
            'by-components': [
              {
                'component-uuid': U.thisSystem,
                uuid: U.byComponent,
                description: 'Local policy locks accounts after 3 attempts.',
                'implementation-status': { state: 'implemented' },
              },
            ],
          },
        ],
      },
      'back-matter': {
        resources: [
          { uuid: U.profileResource, title: 'Moderate baseline', rlinks: [{ href: 'https://hospital.example/profile.json' }] },
        ],
      },
    },
  };
}

/** A small component-definition (one device model, described once by its vendor). */
function makeCDEF(): Doc {
  return {
    'component-definition': {
      uuid: U.cdef,
      metadata: metadata('MR console component definition'),
      components: [
        {
          uuid: U.cdefComponent,
          type: 'hardware',
          title: 'MR console',
          description: 'Scanner operator console.',
          props: [{ name: 'model', value: 'MRC-5' }],
          'control-implementations': [
            {
              uuid: U.cdefImpl,
              source: `#${U.catalogResource}`,
              description: 'SP 800-53 rev5 capabilities.',
              'implemented-requirements': [
                { uuid: U.cdefReq, 'control-id': 'ac-7', description: 'Configurable lockout threshold.' },
              ],
            },
          ],
        },
      ],
      'back-matter': {
        resources: [{ uuid: U.catalogResource, title: 'SP 800-53 rev5', rlinks: [{ href: 'https://csrc.nist.gov/' }] }],
      },
    },
  };
}

const baseOpts: ProducerRuleOptions = { controlIndex: index, projectNs: NS, readFile, expectedOscalVersion: '1.1.3' };

function check(doc: Doc, opts: ProducerRuleOptions = {}): RuleProblem[] {
  return checkProducerRules(doc, { ...baseOpts, ...opts });
}

const R = '/assessment-results/results/0';
const PM = '/plan-of-action-and-milestones';
const SP = '/system-security-plan';
const CD = '/component-definition';

interface Case {
  name: string;
  rule: RuleId;
  make: () => Doc;
  breakIt: (d: Doc) => void;
  /** Where the problem must be reported. */
  pointer: string;
  /** Substring the message must contain. */
  says: string;
  opts?: ProducerRuleOptions;
  /** The OSCAL 1.1.3 schema accepts the broken document (the whole point of the rule). */
  schemaBlind113: boolean;
}

const withdrawnIndex: ControlIndex = {
  ...index,
  controls: {
    ...index.controls,
    // Synthetic: au-8.1 as the full rev5 catalog lists it (withdrawn, incorporated into sc-45.1).
    'au-8.1': { title: 'Synchronization with Authoritative Time Source', family: 'au', baselines: [], params: [], withdrawn: true },
  },
};

const cases: Case[] = [
  {
    name: 'the same uuid on two observations',
    rule: 'duplicate-uuid',
    make: makeAR,
    breakIt: (d) => {
      const r = d['assessment-results'].results[0];
      r.observations.push({ ...r.observations[0], description: 'A second observation, same uuid.' });
    },
    pointer: `${R}/observations/1/uuid`,
    says: `${U.observation} is already used by the observation at ${R}/observations/0`,
    schemaBlind113: true,
  },
  {
    name: 'related-observations pointing at nothing',
    rule: 'ref-unresolved',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0].findings[0]['related-observations'][0]['observation-uuid'] = U.unknown;
    },
    pointer: `${R}/findings/0/related-observations/0/observation-uuid`,
    says: 'resolves to nothing',
    schemaBlind113: true,
  },
  {
    name: 'related-risks pointing at an observation (like NIST POA&M pointing at a mitigating factor)',
    rule: 'ref-wrong-kind',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0].findings[0]['related-risks'][0]['risk-uuid'] = U.observation;
    },
    pointer: `${R}/findings/0/related-risks/0/risk-uuid`,
    says: 'points at an observation',
    schemaBlind113: true,
  },
  {
    name: 'subject of type inventory-item that is a back-matter resource',
    rule: 'ref-wrong-kind',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0].observations[0].subjects[0]['subject-uuid'] = U.evidence;
    },
    pointer: `${R}/observations/0/subjects/0/subject-uuid`,
    says: 'not an inventory-item',
    schemaBlind113: true,
  },
  {
    name: 'relevant-evidence "#uuid" naming no back-matter resource',
    rule: 'ref-unresolved',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0].observations[0]['relevant-evidence'][0].href = `#${U.unknown}`;
    },
    pointer: `${R}/observations/0/relevant-evidence/0/href`,
    says: 'no back-matter resource has that uuid',
    schemaBlind113: true,
  },
  {
    name: 'relevant-evidence "#uuid" naming a risk',
    rule: 'ref-wrong-kind',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0].observations[0]['relevant-evidence'][0].href = `#${U.risk}`;
    },
    pointer: `${R}/observations/0/relevant-evidence/0/href`,
    says: 'not a resource',
    schemaBlind113: true,
  },
  {
    name: 'import-ap "#uuid" naming no back-matter resource',
    rule: 'ref-unresolved',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results']['import-ap'].href = `#${U.unknown}`;
    },
    pointer: '/assessment-results/import-ap/href',
    says: 'import-ap href',
    schemaBlind113: true,
  },
  {
    name: 'POA&M related-findings pointing at nothing',
    rule: 'ref-unresolved',
    make: makePOAM,
    breakIt: (d) => {
      d['plan-of-action-and-milestones']['poam-items'][0]['related-findings'][0]['finding-uuid'] = U.unknown;
    },
    pointer: '/plan-of-action-and-milestones/poam-items/0/related-findings/0/finding-uuid',
    says: 'finding-uuid',
    schemaBlind113: true,
  },
  {
    name: 'POA&M related-risks pointing at a finding',
    rule: 'ref-wrong-kind',
    make: makePOAM,
    breakIt: (d) => {
      d['plan-of-action-and-milestones']['poam-items'][0]['related-risks'][0]['risk-uuid'] = U.finding;
    },
    pointer: '/plan-of-action-and-milestones/poam-items/0/related-risks/0/risk-uuid',
    says: 'points at a finding',
    schemaBlind113: true,
  },
  {
    name: 'POA&M import-ssp "#uuid" naming no resource',
    rule: 'ref-unresolved',
    make: makePOAM,
    breakIt: (d) => {
      d['plan-of-action-and-milestones']['import-ssp'].href = `#${U.unknown}`;
    },
    pointer: '/plan-of-action-and-milestones/import-ssp/href',
    says: 'import-ssp href',
    schemaBlind113: true,
  },
  {
    name: 'SSP by-component naming no component',
    rule: 'ref-unresolved',
    make: makeSSP,
    breakIt: (d) => {
      d['system-security-plan']['control-implementation']['implemented-requirements'][0]['by-components'][0]['component-uuid'] = U.unknown;
    },
    pointer: '/system-security-plan/control-implementation/implemented-requirements/0/by-components/0/component-uuid',
    says: 'no component in this document',
    schemaBlind113: true,
  },
  {
    name: 'component-definition source "#uuid" naming no resource',
    rule: 'ref-unresolved',
    make: makeCDEF,
    breakIt: (d) => {
      d['component-definition'].components[0]['control-implementations'][0].source = `#${U.unknown}`;
    },
    pointer: '/component-definition/components/0/control-implementations/0/source',
    says: 'control-implementation source',
    schemaBlind113: true,
  },
  {
    name: 'control-id ac-999',
    rule: 'control-id-unknown',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0]['reviewed-controls']['control-selections'][0]['include-controls'][0]['control-id'] = 'ac-999';
    },
    pointer: `${R}/reviewed-controls/control-selections/0/include-controls/0/control-id`,
    says: '"ac-999" is not a control',
    schemaBlind113: true,
  },
  {
    name: 'SSP control-id that rev5 does not have (au-8.1 is withdrawn, so in no baseline)',
    rule: 'control-id-unknown',
    make: makeSSP,
    breakIt: (d) => {
      d['system-security-plan']['control-implementation']['implemented-requirements'][0]['control-id'] = 'au-8.1';
    },
    pointer: '/system-security-plan/control-implementation/implemented-requirements/0/control-id',
    says: 'au-8.1',
    schemaBlind113: true,
  },
  {
    name: 'finding target-id zz-1_obj',
    rule: 'target-id-unknown',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0].findings[0].target['target-id'] = 'zz-1_obj';
    },
    pointer: `${R}/findings/0/target/target-id`,
    says: 'names control "zz-1"',
    schemaBlind113: true,
  },
  {
    name: 'finding targeting an objective the control does not have (ac-7 has a and b only)',
    rule: 'target-id-unknown',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0].findings[0].target['target-id'] = 'ac-7_obj.c';
    },
    pointer: `${R}/findings/0/target/target-id`,
    says: '"ac-7_obj.c" is not an assessment objective of ac-7 in the control catalog',
    schemaBlind113: true,
  },
  {
    name: 'finding of type objective-id that names a statement',
    rule: 'target-type-mismatch',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0].findings[0].target['target-id'] = 'ac-7_smt.a';
    },
    pointer: `${R}/findings/0/target/target-id`,
    says: 'is a statement id but the target type says objective-id',
    schemaBlind113: true,
  },
  {
    name: 'a control the index marks withdrawn',
    rule: 'control-withdrawn',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0]['reviewed-controls']['control-selections'][0]['include-controls'][1]['control-id'] = 'au-8.1';
    },
    opts: { controlIndex: withdrawnIndex },
    pointer: `${R}/reviewed-controls/control-selections/0/include-controls/1/control-id`,
    says: 'withdrawn',
    schemaBlind113: true,
  },
  {
    name: 'oscal-version 1.2.2 validated against 1.1.3 (newer than the schema)',
    rule: 'oscal-version',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].metadata['oscal-version'] = '1.2.2';
    },
    opts: { expectedOscalVersion: '1.1.3' },
    pointer: '/assessment-results/metadata/oscal-version',
    says: 'newer than the OSCAL 1.1.3 schema',
    schemaBlind113: true,
  },
  {
    name: 'observation method OBSERVE',
    rule: 'allowed-value',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0].observations[0].methods = ['OBSERVE'];
    },
    pointer: `${R}/observations/0/methods/0`,
    says: 'observation method "OBSERVE"',
    schemaBlind113: true,
  },
  {
    name: 'observation type "discovery" in a 1.1.3 document (added in 1.2)',
    rule: 'allowed-value',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0].observations[0].types = ['discovery'];
    },
    pointer: `${R}/observations/0/types/0`,
    says: 'observation type "discovery"',
    schemaBlind113: true,
  },
  {
    name: 'subject type device',
    rule: 'allowed-value',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0].observations[0].subjects[0].type = 'device';
    },
    pointer: `${R}/observations/0/subjects/0/type`,
    says: 'subject type "device"',
    schemaBlind113: true,
  },
  {
    name: 'risk status accepted',
    rule: 'allowed-value',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0].risks[0].status = 'accepted';
    },
    pointer: `${R}/risks/0/status`,
    says: 'risk status "accepted"',
    schemaBlind113: true,
  },
  {
    name: 'finding target status reason passed',
    rule: 'allowed-value',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0].findings[0].target.status.reason = 'passed';
    },
    pointer: `${R}/findings/0/target/status/reason`,
    says: 'reason "passed"',
    schemaBlind113: true,
  },
  {
    name: 'implementation-status state done',
    rule: 'allowed-value',
    make: makeSSP,
    breakIt: (d) => {
      d['system-security-plan']['control-implementation']['implemented-requirements'][0]['by-components'][0]['implementation-status'].state = 'done';
    },
    pointer: '/system-security-plan/control-implementation/implemented-requirements/0/by-components/0/implementation-status/state',
    says: 'implementation-status state "done"',
    schemaBlind113: true,
  },
  {
    name: 'a project prop without ns',
    rule: 'prop-name',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0]['local-definitions']['inventory-items'][0].props.push({ name: 'lockout-threshold', value: '0' });
    },
    pointer: `${R}/local-definitions/inventory-items/0/props/3/name`,
    says: `prop "lockout-threshold" has no ns`,
    schemaBlind113: true,
  },
  {
    name: 'a near miss of the project ns (trailing slash)',
    rule: 'prop-ns',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0]['local-definitions']['inventory-items'][0].props[2].ns = `${NS}/`;
    },
    pointer: `${R}/local-definitions/inventory-items/0/props/2/ns`,
    says: 'near miss of the project ns',
    schemaBlind113: true,
  },
  {
    name: 'a relative ns (the schema catches this one too)',
    rule: 'prop-ns',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0]['local-definitions']['inventory-items'][0].props[2].ns = 'ato-evidence';
    },
    pointer: `${R}/local-definitions/inventory-items/0/props/2/ns`,
    says: 'not an absolute URI',
    schemaBlind113: false,
  },
  {
    name: 'hash algorithm spelled sha256',
    rule: 'hash-algorithm',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results']['back-matter'].resources[1].rlinks[0].hashes[0].algorithm = 'sha256';
    },
    pointer: '/assessment-results/back-matter/resources/1/rlinks/0/hashes/0/algorithm',
    says: 'must be spelled "SHA-256"',
    schemaBlind113: true,
  },
  {
    name: 'SHA-256 value of 63 hex digits',
    rule: 'hash-value',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results']['back-matter'].resources[1].rlinks[0].hashes[0].value = EVIDENCE_SHA256.slice(1);
    },
    pointer: '/assessment-results/back-matter/resources/1/rlinks/0/hashes/0/value',
    says: 'must be 64 hex digits',
    schemaBlind113: true,
  },
  {
    name: 'result end before start',
    rule: 'end-before-start',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0].end = '2025-03-04T08:59:59Z';
    },
    pointer: `${R}/end`,
    says: 'is before start',
    schemaBlind113: true,
  },
  {
    name: 'observation expires before collected',
    rule: 'end-before-start',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0].observations[0].expires = '2025-03-04T09:09:59+00:00';
    },
    pointer: `${R}/observations/0/expires`,
    says: 'is before collected',
    schemaBlind113: true,
  },
  {
    name: 'end before start across time zones (09:30+02:00 is 07:30Z)',
    rule: 'end-before-start',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0].end = '2025-03-04T09:30:00+02:00';
    },
    pointer: `${R}/end`,
    says: 'is before start',
    schemaBlind113: true,
  },
  {
    name: 'empty finding description',
    rule: 'empty-string',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0].findings[0].description = '';
    },
    pointer: `${R}/findings/0/description`,
    says: 'description is empty',
    schemaBlind113: true,
  },
  {
    name: 'empty risk title',
    rule: 'empty-string',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results'].results[0].risks[0].title = '';
    },
    pointer: `${R}/risks/0/title`,
    says: 'title is empty',
    schemaBlind113: true,
  },
  {
    name: 'empty rlink href',
    rule: 'empty-string',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results']['back-matter'].resources[0].rlinks[0].href = '';
    },
    pointer: '/assessment-results/back-matter/resources/0/rlinks/0/href',
    says: 'href is empty',
    schemaBlind113: true,
  },
  {
    name: 'rlink naming a file that is not beside the document',
    rule: 'file-missing',
    make: makeAR,
    breakIt: (d) => {
      d['assessment-results']['back-matter'].resources[1].rlinks[0].href = 'evidence/MR-02.snapshot.json';
    },
    pointer: '/assessment-results/back-matter/resources/1/rlinks/0/href',
    says: 'does not exist',
    schemaBlind113: true,
  },
  {
    name: 'rlink file whose SHA-256 differs from the recorded hash',
    rule: 'file-hash-mismatch',
    make: makeAR,
    breakIt: () => {},
    opts: { readFile: (rel) => (rel === EVIDENCE_PATH ? Buffer.from('{"device":"MR-01","lockoutBadCount":3}\n') : undefined) },
    pointer: '/assessment-results/back-matter/resources/1/rlinks/0/hashes/0/value',
    says: `not the recorded ${EVIDENCE_SHA256}`,
    schemaBlind113: true,
  },

  // --- The same rules on the other roots: POA&M, SSP, component-definition. ---
  {
    name: 'POA&M related-observations pointing at nothing',
    rule: 'ref-unresolved',
    make: makePOAM,
    breakIt: (d) => {
      d['plan-of-action-and-milestones']['poam-items'][0]['related-observations'][0]['observation-uuid'] = U.unknown;
    },
    pointer: `${PM}/poam-items/0/related-observations/0/observation-uuid`,
    says: 'no observation in this document has that uuid',
    schemaBlind113: true,
  },
  {
    name: 'POA&M related-findings pointing at a risk',
    rule: 'ref-wrong-kind',
    make: makePOAM,
    breakIt: (d) => {
      d['plan-of-action-and-milestones']['poam-items'][0]['related-findings'][0]['finding-uuid'] = U.risk;
    },
    pointer: `${PM}/poam-items/0/related-findings/0/finding-uuid`,
    says: 'points at a risk',
    schemaBlind113: true,
  },
  {
    name: 'POA&M related-observations pointing at the POA&M item itself',
    rule: 'ref-wrong-kind',
    make: makePOAM,
    breakIt: (d) => {
      d['plan-of-action-and-milestones']['poam-items'][0]['related-observations'][0]['observation-uuid'] = U.poamItem;
    },
    pointer: `${PM}/poam-items/0/related-observations/0/observation-uuid`,
    says: 'points at a poam-item',
    schemaBlind113: true,
  },
  {
    name: 'POA&M item reusing the risk uuid',
    rule: 'duplicate-uuid',
    make: makePOAM,
    breakIt: (d) => {
      d['plan-of-action-and-milestones']['poam-items'][0].uuid = U.risk;
      delete d['plan-of-action-and-milestones']['poam-items'][0]['related-risks']; // else it would point at itself
    },
    pointer: `${PM}/poam-items/0/uuid`,
    says: `uuid ${U.risk} is already used by the risk at ${PM}/risks/0`,
    schemaBlind113: true,
  },
  {
    name: 'POA&M risk status accepted',
    rule: 'allowed-value',
    make: makePOAM,
    breakIt: (d) => {
      d['plan-of-action-and-milestones'].risks[0].status = 'accepted';
    },
    pointer: `${PM}/risks/0/status`,
    says: 'risk status "accepted"',
    schemaBlind113: true,
  },
  {
    name: 'POA&M finding target-id of a control rev5 does not have',
    rule: 'target-id-unknown',
    make: makePOAM,
    breakIt: (d) => {
      d['plan-of-action-and-milestones'].findings[0].target['target-id'] = 'ac-99_obj';
    },
    pointer: `${PM}/findings/0/target/target-id`,
    says: 'names control "ac-99"',
    schemaBlind113: true,
  },
  {
    name: 'POA&M risk-log entry answering a response that does not exist',
    rule: 'ref-unresolved',
    make: makePOAM,
    breakIt: (d) => {
      d['plan-of-action-and-milestones'].risks[0]['risk-log'] = {
        entries: [{ uuid: U.logEntry, title: 'Vendor contacted', start: '2025-03-05T10:00:00Z', 'related-responses': [{ 'response-uuid': U.unknown }] }],
      };
    },
    pointer: `${PM}/risks/0/risk-log/entries/0/related-responses/0/response-uuid`,
    says: 'no response in this document',
    schemaBlind113: true,
  },
  {
    name: 'SSP by-component naming a user instead of a component',
    rule: 'ref-wrong-kind',
    make: makeSSP,
    breakIt: (d) => {
      d['system-security-plan']['control-implementation']['implemented-requirements'][0]['by-components'][0]['component-uuid'] = U.user;
    },
    pointer: `${SP}/control-implementation/implemented-requirements/0/by-components/0/component-uuid`,
    says: 'points at a user',
    schemaBlind113: true,
  },
  {
    name: 'SSP inventory item implementing a component that does not exist',
    rule: 'ref-unresolved',
    make: makeSSP,
    breakIt: (d) => {
      d['system-security-plan']['system-implementation']['inventory-items'] = [
        { uuid: U.device, description: 'MR-01 console', 'implemented-components': [{ 'component-uuid': U.unknown }] },
      ];
    },
    pointer: `${SP}/system-implementation/inventory-items/0/implemented-components/0/component-uuid`,
    says: 'no component in this document',
    schemaBlind113: true,
  },
  {
    name: 'SSP responsible-role naming a party that does not exist',
    rule: 'ref-unresolved',
    make: makeSSP,
    breakIt: (d) => {
      d['system-security-plan'].metadata.roles = [{ id: 'system-owner', title: 'System Owner' }];
      d['system-security-plan']['system-implementation'].components[0]['responsible-roles'] = [{ 'role-id': 'system-owner', 'party-uuids': [U.unknown] }];
    },
    pointer: `${SP}/system-implementation/components/0/responsible-roles/0/party-uuids/0`,
    says: 'no party in this document',
    schemaBlind113: true,
  },
  {
    name: 'SSP responsible-role whose party-uuid is a user, not a party',
    rule: 'ref-wrong-kind',
    make: makeSSP,
    breakIt: (d) => {
      d['system-security-plan'].metadata.roles = [{ id: 'system-owner', title: 'System Owner' }];
      d['system-security-plan']['system-implementation'].components[0]['responsible-roles'] = [{ 'role-id': 'system-owner', 'party-uuids': [U.user] }];
    },
    pointer: `${SP}/system-implementation/components/0/responsible-roles/0/party-uuids/0`,
    says: 'points at a user',
    schemaBlind113: true,
  },
  {
    name: 'SSP user with a role the metadata does not define',
    rule: 'ref-unresolved',
    make: makeSSP,
    breakIt: (d) => {
      d['system-security-plan']['system-implementation'].users[0]['role-ids'] = ['technologist'];
    },
    pointer: `${SP}/system-implementation/users/0/role-ids/0`,
    says: 'role id "technologist" resolves to nothing',
    schemaBlind113: true,
  },
  {
    name: 'SSP import-profile "#uuid" naming no resource',
    rule: 'ref-unresolved',
    make: makeSSP,
    breakIt: (d) => {
      d['system-security-plan']['import-profile'].href = `#${U.unknown}`;
    },
    pointer: `${SP}/import-profile/href`,
    says: 'import-profile href',
    schemaBlind113: true,
  },
  {
    name: 'SSP statement-id of an objective (a statement id is expected)',
    rule: 'target-type-mismatch',
    make: makeSSP,
    breakIt: (d) => {
      d['system-security-plan']['control-implementation']['implemented-requirements'][0].statements = [{ 'statement-id': 'ac-7_obj.a', uuid: U.statement }];
    },
    pointer: `${SP}/control-implementation/implemented-requirements/0/statements/0/statement-id`,
    says: 'is an objective id but the target type says statement-id',
    schemaBlind113: true,
  },
  {
    name: 'SSP by-component implementation-status partially',
    rule: 'allowed-value',
    make: makeSSP,
    breakIt: (d) => {
      d['system-security-plan']['control-implementation']['implemented-requirements'][0]['by-components'][0]['implementation-status'].state = 'partially';
    },
    pointer: `${SP}/control-implementation/implemented-requirements/0/by-components/0/implementation-status/state`,
    says: '"partially" is not one of implemented, partial',
    schemaBlind113: true,
  },
  {
    name: 'component-definition implemented requirement for ac-999',
    rule: 'control-id-unknown',
    make: makeCDEF,
    breakIt: (d) => {
      d['component-definition'].components[0]['control-implementations'][0]['implemented-requirements'][0]['control-id'] = 'ac-999';
    },
    pointer: `${CD}/components/0/control-implementations/0/implemented-requirements/0/control-id`,
    says: '"ac-999" is not a control',
    schemaBlind113: true,
  },
  {
    name: 'component-definition statement reusing its requirement uuid (NIST example flaw)',
    rule: 'duplicate-uuid',
    make: makeCDEF,
    breakIt: (d) => {
      d['component-definition'].components[0]['control-implementations'][0]['implemented-requirements'][0].statements = [
        { 'statement-id': 'ac-7_smt.a', uuid: U.cdefReq, description: 'Threshold configurable from 1 to 10.' },
      ];
    },
    pointer: `${CD}/components/0/control-implementations/0/implemented-requirements/0/statements/0/uuid`,
    says: 'already used by the implemented-requirement',
    schemaBlind113: true,
  },
  {
    name: 'component-definition statement of a control rev5 does not have',
    rule: 'target-id-unknown',
    make: makeCDEF,
    breakIt: (d) => {
      d['component-definition'].components[0]['control-implementations'][0]['implemented-requirements'][0].statements = [
        { 'statement-id': 'zz-1_smt.a', uuid: U.statement, description: 'Nothing.' },
      ];
    },
    pointer: `${CD}/components/0/control-implementations/0/implemented-requirements/0/statements/0/statement-id`,
    says: 'names control "zz-1"',
    schemaBlind113: true,
  },
  {
    name: 'component-definition prop of the vendor without ns',
    rule: 'prop-name',
    make: makeCDEF,
    breakIt: (d) => {
      d['component-definition'].components[0].props.push({ name: 'lockout-configurable', value: 'yes' });
    },
    pointer: `${CD}/components/0/props/1/name`,
    says: 'prop "lockout-configurable" has no ns',
    schemaBlind113: true,
  },
  {
    name: 'component-definition responsible role undefined, checked with strictRefs',
    rule: 'ref-unresolved',
    make: makeCDEF,
    breakIt: (d) => {
      d['component-definition'].components[0]['responsible-roles'] = [{ 'role-id': 'customer' }];
    },
    opts: { strictRefs: true },
    pointer: `${CD}/components/0/responsible-roles/0/role-id`,
    says: 'role id "customer" resolves to nothing',
    schemaBlind113: true,
  },
  {
    name: 'component-definition empty requirement description',
    rule: 'empty-string',
    make: makeCDEF,
    breakIt: (d) => {
      d['component-definition'].components[0]['control-implementations'][0]['implemented-requirements'][0].description = '';
    },
    pointer: `${CD}/components/0/control-implementations/0/implemented-requirements/0/description`,
    says: 'description is empty',
    schemaBlind113: true,
  },
  {
    name: 'component-definition rlink whose SHA-256 is spelled sha-256',
    rule: 'hash-algorithm',
    make: makeCDEF,
    breakIt: (d) => {
      d['component-definition']['back-matter'].resources[0].rlinks[0].hashes = [{ algorithm: 'sha-256', value: EVIDENCE_SHA256 }];
    },
    pointer: `${CD}/back-matter/resources/0/rlinks/0/hashes/0/algorithm`,
    says: 'must be spelled "SHA-256"',
    schemaBlind113: true,
  },
];

function broken(c: Case): Doc {
  const d = c.make();
  c.breakIt(d);
  return d;
}

describe('producer rules: the small valid documents', () => {
  for (const [name, make] of [
    ['assessment-results', makeAR],
    ['plan-of-action-and-milestones', makePOAM],
    ['system-security-plan', makeSSP],
    ['component-definition', makeCDEF],
  ] as const) {
    it(`${name} has no problems`, () => {
      expect(check(make())).toEqual([]);
    });
  }

  it('checks the evidence file: the stub is actually consulted', () => {
    const seen: string[] = [];
    check(makeAR(), { readFile: (rel) => (seen.push(rel), readFile(rel)) });
    expect(seen).toEqual([EVIDENCE_PATH]);
  });
});

describe('producer rules: each rule fires on exactly its break', () => {
  for (const c of cases) {
    it(`${c.rule}: ${c.name}`, () => {
      const problems = check(broken(c), c.opts);
      expect(problems.map((p) => p.rule)).toEqual([c.rule]);
      expect(problems[0]!.pointer).toBe(c.pointer);
      expect(problems[0]!.message).toContain(c.says);
    });
  }

  it('covers every rule id except unknown-root (tested below)', () => {
    const covered = new Set(cases.map((c) => c.rule));
    const all: RuleId[] = [
      'duplicate-uuid', 'ref-unresolved', 'ref-wrong-kind', 'control-id-unknown', 'target-id-unknown',
      'target-type-mismatch', 'control-withdrawn', 'oscal-version', 'allowed-value', 'prop-name', 'prop-ns',
      'hash-algorithm', 'hash-value', 'end-before-start', 'empty-string', 'file-missing', 'file-hash-mismatch',
    ];
    expect([...covered].sort()).toEqual([...all].sort());
  });
});

describe('producer rules: the broken documents cover every producer root', () => {
  it('at least three rules broken on each of AR, POA&M, SSP and component-definition', () => {
    for (const root of ['assessment-results', 'plan-of-action-and-milestones', 'system-security-plan', 'component-definition']) {
      const rules = new Set(cases.filter((c) => Object.keys(c.make())[0] === root).map((c) => c.rule));
      expect(rules.size, root).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('producer rules: oscal-version against the schema', () => {
  it('an older 1.x version is compatible (a note), a newer one or another major is a problem', () => {
    expect(oscalVersionRelation('1.1.3', '1.1.3')).toBe('same');
    expect(oscalVersionRelation('1.1.0', '1.1.3')).toBe('older');
    expect(oscalVersionRelation('1.1.2', '1.2.2')).toBe('older');
    expect(oscalVersionRelation('1.1.3', '1.2.2')).toBe('older');
    expect(oscalVersionRelation('1.2.0', '1.1.3')).toBe('newer');
    expect(oscalVersionRelation('1.1.4', '1.1.3')).toBe('newer');
    expect(oscalVersionRelation('2.0.0', '1.2.2')).toBe('incompatible');
    expect(oscalVersionRelation('1.1', '1.1.3')).toBe('incompatible');
    expect(oscalVersionNote('1.1.3', '1.1.3')).toBeUndefined();
    expect(oscalVersionNote('1.2.0', '1.1.3')).toBeUndefined(); // a problem, not a note
  });
  it('only newer or unrecognisable versions are rule problems', () => {
    for (const [version, expected] of [['1.0.6', []], ['1.1.2', []], ['1.1.3', []], ['1.2.2', ['oscal-version']], ['v1.1.3', ['oscal-version']]] as const) {
      const d = makeAR();
      d['assessment-results'].metadata['oscal-version'] = version;
      expect(check(d, { expectedOscalVersion: '1.1.3' }).map((p) => p.rule), version).toEqual(expected);
    }
  });
});

describe('producer rules: details', () => {
  it('reports a document whose root is a catalog or something else', () => {
    expect(checkProducerRules({ catalog: {} }).map((p) => p.rule)).toEqual(['unknown-root']);
    expect(checkProducerRules([]).map((p) => p.rule)).toEqual(['unknown-root']);
  });

  it('accepts "discovery" observations in a 1.2 document', () => {
    const d = makeAR();
    d['assessment-results'].metadata['oscal-version'] = '1.2.2';
    d['assessment-results'].results[0].observations[0].types = ['discovery'];
    expect(check(d, { expectedOscalVersion: '1.2.2' })).toEqual([]);
  });

  it('tolerates a subject absent from an AR that imports a plan, unless strictRefs', () => {
    const d = makeAR();
    const r = d['assessment-results'].results[0];
    r['local-definitions']['inventory-items'][0].uuid = U.unknown; // the device now lives "in the SSP"
    expect(check(d)).toEqual([]);
    const strict = check(d, { strictRefs: true });
    expect(strict.map((p) => [p.rule, p.pointer])).toEqual([['ref-unresolved', `${R}/observations/0/subjects/0/subject-uuid`]]);
  });

  it('resolves a subject through the files the AR imports (import-ap -> the plan\'s import-ssp), even under strictRefs', () => {
    const d = makeAR();
    const r = d['assessment-results'].results[0];
    const device = r['local-definitions']['inventory-items'][0];
    delete r['local-definitions']['inventory-items']; // the device lives in the SSP only
    d['assessment-results']['import-ap'] = { href: 'plan.json' };
    const ssp = { 'system-security-plan': { uuid: U.unknown, 'system-implementation': { 'inventory-items': [device] } } };
    const files: Record<string, unknown> = { 'plan.json': { 'assessment-plan': { 'import-ssp': { href: 'ssp.json' } } }, 'ssp.json': ssp };
    const readFile = (rel: string) => (rel in files ? Buffer.from(JSON.stringify(files[rel])) : undefined);
    const refs = (p: RuleProblem[]) => p.filter((x) => x.rule.startsWith('ref-')).map((x) => [x.rule, x.pointer]);
    expect(refs(check(d, { strictRefs: true, readFile }))).toEqual([]);
    // The SSP defining another device: the subject resolves nowhere, and strictRefs says so.
    files['ssp.json'] = { 'system-security-plan': { uuid: U.unknown, 'system-implementation': { 'inventory-items': [{ ...device, uuid: U.unknown }] } } };
    expect(refs(check(d, { strictRefs: true, readFile }))).toEqual([['ref-unresolved', `${R}/observations/0/subjects/0/subject-uuid`]]);
    // An imported uuid of another kind (a component) is a wrong-kind reference.
    files['ssp.json'] = { 'system-security-plan': { uuid: U.unknown, 'system-implementation': { components: [{ uuid: device.uuid }] } } };
    expect(refs(check(d, { strictRefs: true, readFile }))).toEqual([['ref-wrong-kind', `${R}/observations/0/subjects/0/subject-uuid`]]);
  });

  it('does not tolerate an absent subject when the AR imports nothing resolvable (SSP roots never do)', () => {
    const d = makeSSP();
    d['system-security-plan']['control-implementation']['implemented-requirements'][0]['by-components'][0]['component-uuid'] = U.device;
    expect(check(d).map((p) => p.rule)).toEqual(['ref-unresolved']);
  });

  it('skips control checks without an index and file checks without readFile', () => {
    const d = makeAR();
    d['assessment-results'].results[0]['reviewed-controls']['control-selections'][0]['include-controls'][0]['control-id'] = 'ac-999';
    d['assessment-results']['back-matter'].resources[1].rlinks[0].href = 'missing.json';
    expect(checkProducerRules(d, {})).toEqual([]);
  });

  it('accepts sub-objective and statement ids of known controls, and plain control ids as targets', () => {
    for (const [type, id] of [
      ['objective-id', 'ac-7_obj.a'],
      ['statement-id', 'ac-7_smt.b'],
      ['objective-id', 'sc-45.1_obj'],
      ['objective-id', 'sc-45.1_obj.b'],
      ['objective-id', 'ac-2_obj.d.3-1'],
      ['objective-id', 'ac-7'],
    ]) {
      const d = makeAR();
      Object.assign(d['assessment-results'].results[0].findings[0].target, { type, 'target-id': id });
      expect(check(d), `${type} ${id}`).toEqual([]);
    }
  });

  it('reports numeric port ranges whose end is before start', () => {
    const d = makeCDEF();
    d['component-definition'].components[0].protocols = [
      { uuid: U.unknown, name: 'dicom', 'port-ranges': [{ start: 11112, end: 104, transport: 'TCP' }] },
    ];
    expect(check(d).map((p) => [p.rule, p.pointer])).toEqual([
      ['end-before-start', '/component-definition/components/0/protocols/0/port-ranges/0/end'],
    ]);
  });

  it('role ids: an SSP must define them; a component definition may name its consumer\'s roles; an AR may use its plan\'s', () => {
    const ssp = makeSSP();
    ssp['system-security-plan'].metadata['responsible-parties'] = [{ 'role-id': 'authorizing-official', 'party-uuids': [U.unknown] }];
    ssp['system-security-plan'].metadata.parties = [{ uuid: U.unknown, type: 'person', name: 'A. Official' }];
    expect(check(ssp).map((p) => [p.rule, p.pointer])).toEqual([['ref-unresolved', `${SP}/metadata/responsible-parties/0/role-id`]]);
    ssp['system-security-plan'].metadata.roles = [{ id: 'authorizing-official', title: 'Authorizing Official' }];
    expect(check(ssp)).toEqual([]);

    const cdef = makeCDEF();
    cdef['component-definition'].components[0]['responsible-roles'] = [{ 'role-id': 'customer' }];
    expect(check(cdef)).toEqual([]); // "customer" is a role of the SSP that uses the component

    const ar = makeAR();
    ar['assessment-results'].results[0]['local-definitions']['inventory-items'][0]['responsible-parties'] = [{ 'role-id': 'asset-owner', 'party-uuids': [U.unknown] }];
    expect(check(ar)).toEqual([]); // the role and the party may be the plan's (or its SSP's)
    expect(check(ar, { strictRefs: true }).map((p) => p.pointer)).toEqual([
      `${R}/local-definitions/inventory-items/0/responsible-parties/0/party-uuids/0`,
      `${R}/local-definitions/inventory-items/0/responsible-parties/0/role-id`,
    ]);
  });

  it("a POA&M mitigating factor's implementation-uuid may name the SSP's statement, not a risk", () => {
    const d = makePOAM();
    d['plan-of-action-and-milestones'].risks[0]['mitigating-factors'] = [
      { uuid: U.statement, 'implementation-uuid': U.byComponent, description: 'The console locks its screen after 10 minutes.' },
    ];
    expect(check(d)).toEqual([]);
    d['plan-of-action-and-milestones'].risks[0]['mitigating-factors'][0]['implementation-uuid'] = U.risk;
    expect(check(d).map((p) => [p.rule, p.pointer])).toEqual([
      ['ref-wrong-kind', `${PM}/risks/0/mitigating-factors/0/implementation-uuid`],
    ]);
  });

  it('escapes JSON pointers', () => {
    expect(jsonPointer(['a/b', 'c~d', 0])).toBe('/a~1b/c~0d/0');
  });
});

const EXAMPLES = [
  'example-component-definition.json',
  'ifa_assessment-plan-example.json',
  'ifa_assessment-results-example.json',
  'ifa_plan-of-action-and-milestones.json',
  'ifa_ssp-example.json',
  'ssp-example.json',
] as const;

/** What the checker reports on NIST's examples (bundled index, default options). */
const EXPECTED_ON_EXAMPLES = NIST_EXAMPLE_FLAWS;

function loadExample(name: string): Doc {
  return JSON.parse(readFileSync(join(examplesDir, name), 'utf8'));
}

describeWithShared('NIST examples', () => {
  for (const name of EXAMPLES) {
    it(`${name} passes the 1.1.3 and 1.2.2 schemas`, () => {
      const doc = loadExample(name);
      expect(validateOscal(doc, '1.1.3')).toEqual([]);
      expect(validateOscal(doc, '1.2.2')).toEqual([]);
    });

    it(`${name}: the producer rules report exactly the known flaws`, () => {
      const problems = checkProducerRules(loadExample(name), { controlIndex: index });
      expect(problems.map((p) => [p.rule, p.pointer])).toEqual(EXPECTED_ON_EXAMPLES[name]);
    });
  }

  it('the POA&M flaw message names the mitigating factor', () => {
    const [p] = checkProducerRules(loadExample('ifa_plan-of-action-and-milestones.json'), { controlIndex: index });
    expect(p!.message).toContain('401c15c9-ad6b-4d4a-a591-7d53a3abb3b6 points at a mitigating-factor');
  });

  it('the examples are OSCAL 1.1.2: checking them for 1.1.3 or 1.2.2 reports no version problem (a note at most)', () => {
    for (const expectedOscalVersion of ['1.1.3', '1.2.2']) {
      expect(checkProducerRules(loadExample('ifa_ssp-example.json'), { controlIndex: index, expectedOscalVersion })).toEqual([]);
      expect(oscalVersionNote('1.1.2', expectedOscalVersion)).toMatch(/older than the OSCAL .* a note, not a problem/);
    }
  });
});

describeWithShared('the schema cannot see these breaks (why the rules exist)', () => {
  for (const [name, make] of [
    ['assessment-results', makeAR],
    ['plan-of-action-and-milestones', makePOAM],
    ['system-security-plan', makeSSP],
    ['component-definition', makeCDEF],
  ] as const) {
    it(`the valid ${name} passes both schemas`, () => {
      expect(validateOscal(make(), '1.1.3')).toEqual([]);
      const d = make();
      d[name].metadata['oscal-version'] = '1.2.2';
      expect(validateOscal(d, '1.2.2')).toEqual([]);
    });
  }

  for (const c of cases) {
    it(`${c.rule}: ${c.name} — 1.1.3 schema ${c.schemaBlind113 ? 'accepts' : 'rejects'} it`, () => {
      const errors = validateOscal(broken(c), '1.1.3');
      if (c.schemaBlind113) expect(errors).toEqual([]);
      else expect(errors.length).toBeGreaterThan(0);
    });
  }

  it('validateOscal gives readable errors, not 300-character regexes', () => {
    const d = makeAR();
    d['assessment-results'].uuid = 'not-a-uuid';
    d['assessment-results'].results[0].start = '2025-03-04 09:00';
    const errors = validateOscal(d, '1.1.3');
    expect(errors).toContain('/assessment-results/uuid must be a version 4 or 5 UUID');
    expect(errors).toContain(`${R}/start must be an RFC 3339 date-time with a timezone`);
    for (const e of errors) expect(e.length).toBeLessThan(200);
  });

  it('1.2.2 rejects an empty title that 1.1.3 accepts; neither rejects an empty description, statement or href', () => {
    const d = makeAR();
    d['assessment-results'].metadata['oscal-version'] = '1.2.2';
    const r = d['assessment-results'].results[0];
    r.risks[0].title = '';
    expect(validateOscal(d, '1.1.3')).toEqual([]);
    expect(validateOscal(d, '1.2.2').join('\n')).toContain(`${R}/risks/0/title`);

    const e = makeAR();
    e['assessment-results'].metadata['oscal-version'] = '1.2.2';
    const q = e['assessment-results'].results[0];
    q.findings[0].description = '';
    q.risks[0].statement = '';
    e['assessment-results']['back-matter'].resources[0].rlinks[0].href = '';
    expect(validateOscal(e, '1.1.3')).toEqual([]);
    expect(validateOscal(e, '1.2.2')).toEqual([]);
    expect(check(e, { expectedOscalVersion: '1.2.2' }).map((p) => [p.rule, p.pointer])).toEqual([
      ['empty-string', `${R}/risks/0/statement`],
      ['empty-string', `${R}/findings/0/description`],
      ['empty-string', '/assessment-results/back-matter/resources/0/rlinks/0/href'],
    ]);
  });
});
