// The risk matrix: a weakness's likelihood, impact and risk level from its severity (the STIG
// category) and the relevance of the threat. One function for the OSCAL risks' characterizations
// (oscal/poam.ts) and the eMASS POA&M workbook (export/emass.ts), so both say the same. Pure.
//
// The tables are eMASS's, as the template's own risk-matrix macro computes them (the DoD RMF
// Knowledge Service tables its instruction 18 names); docs/poam.md shows them.
import type { Severity } from './types.js';

export type Level = 'Very Low' | 'Low' | 'Moderate' | 'High' | 'Very High';
export const LEVELS: readonly Level[] = ['Very Low', 'Low', 'Moderate', 'High', 'Very High'];

/**
 * Likelihood = LIKELIHOOD[Severity][Relevance of Threat]. Rows: the first input; columns: the
 * second, both Very Low … Very High.
 */
export const LIKELIHOOD: Record<Level, Record<Level, Level>> = {
  'Very Low': { 'Very Low': 'Very Low', Low: 'Very Low', Moderate: 'Very Low', High: 'Very Low', 'Very High': 'Very Low' },
  Low: { 'Very Low': 'Very Low', Low: 'Low', Moderate: 'Low', High: 'Low', 'Very High': 'Low' },
  Moderate: { 'Very Low': 'Low', Low: 'Low', Moderate: 'Moderate', High: 'Moderate', 'Very High': 'Moderate' },
  High: { 'Very Low': 'Low', Low: 'Low', Moderate: 'Moderate', High: 'High', 'Very High': 'High' },
  'Very High': { 'Very Low': 'Low', Low: 'Moderate', Moderate: 'High', High: 'Very High', 'Very High': 'Very High' },
};
/** Residual Risk Level = RESIDUAL_RISK[Likelihood][Impact]. */
export const RESIDUAL_RISK: Record<Level, Record<Level, Level>> = {
  'Very Low': { 'Very Low': 'Very Low', Low: 'Very Low', Moderate: 'Low', High: 'Low', 'Very High': 'Low' },
  Low: { 'Very Low': 'Very Low', Low: 'Low', Moderate: 'Low', High: 'Low', 'Very High': 'Moderate' },
  Moderate: { 'Very Low': 'Very Low', Low: 'Low', Moderate: 'Moderate', High: 'Moderate', 'Very High': 'High' },
  High: { 'Very Low': 'Very Low', Low: 'Low', Moderate: 'Moderate', High: 'High', 'Very High': 'Very High' },
  'Very High': { 'Very Low': 'Very Low', Low: 'Low', Moderate: 'Moderate', High: 'High', 'Very High': 'Very High' },
};

/** The Severity (and Impact) level a STIG category is given: CAT I High, CAT II Moderate, CAT III Low. */
export const LEVEL_OF_CAT: Record<Severity, Level> = { 'CAT I': 'High', 'CAT II': 'Moderate', 'CAT III': 'Low' };

/** Relevance of threat when nobody says otherwise: Moderate (docs/poam.md says why). */
export const DEFAULT_RELEVANCE: Level = 'Moderate';

export interface RiskLevels {
  severity: Level;
  relevance: Level;
  likelihood: Level;
  impact: Level;
  /** The residual risk level. */
  risk: Level;
}

/** Likelihood = matrix(severity level, relevance); impact = severity level; risk = matrix(likelihood, impact). */
export function riskLevels(category: Severity, relevance: Level = DEFAULT_RELEVANCE): RiskLevels {
  const severity = LEVEL_OF_CAT[category];
  const likelihood = LIKELIHOOD[severity][relevance];
  const impact = severity;
  return { severity, relevance, likelihood, impact, risk: RESIDUAL_RISK[likelihood][impact] };
}
