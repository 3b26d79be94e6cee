/**
 * Test data (not shipped): the flaws a strict producer-side checker finds in NIST's own example
 * documents (../shared/oscal/examples), as [rule, JSON pointer]. Two are the known flaws named in
 * ../shared/oscal/README.md; the assessment plan's dangling activity is a third, real one.
 */
export const NIST_EXAMPLE_FLAWS: Record<string, Array<[string, string]>> = {
  'basic-catalog.json': [],
  // Known flaw: one statement uuid used twice.
  'example-component-definition.json': [
    ['duplicate-uuid', '/component-definition/components/0/control-implementations/0/implemented-requirements/1/statements/0/uuid'],
  ],
  // Not in the README's list, but real: the plan's only task names activity 0d243b23…, while the
  // only activity the plan defines is 52277182…; activities live nowhere but in a plan.
  'ifa_assessment-plan-example.json': [['ref-unresolved', '/assessment-plan/tasks/0/associated-activities/0/activity-uuid']],
  'ifa_assessment-results-example.json': [],
  // Known flaw: the first POA&M item's risk-uuid is the first risk's mitigating factor.
  'ifa_plan-of-action-and-milestones.json': [
    ['ref-wrong-kind', '/plan-of-action-and-milestones/poam-items/0/related-risks/0/risk-uuid'],
  ],
  'ifa_ssp-example.json': [],
  'ssp-example.json': [],
};
