import type { Environment, Model, ModelInput } from '../../shared/model';

/** mulberry32: a tiny seeded PRNG, so the same seed always writes the same portfolio. */
export const prng = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const UNITS = ['Retail Banking', 'Commercial Lending', 'Cards & Payments', 'Insurance Underwriting', 'Claims', 'Financial Crime', 'Marketing', 'Operations', 'Treasury', 'People & HR'];
const KINDS: { name: string; purpose: string; ai: ModelInput['aiActClass']; exposure: ModelInput['exposure']; sources: string[]; tags: string[] }[] = [
  { name: 'Credit scoring', purpose: 'Estimates the probability of default of retail loan applicants.', ai: 'high', exposure: 'customer-facing', sources: ['core-banking.loans', 'bureau.scores'], tags: ['credit', 'tabular'] },
  { name: 'Churn prediction', purpose: 'Ranks customers by likelihood to close their account within 90 days.', ai: 'minimal', exposure: 'internal', sources: ['crm.events', 'core-banking.accounts'], tags: ['retention', 'tabular'] },
  { name: 'Card fraud detection', purpose: 'Scores card transactions in real time and blocks likely fraud.', ai: 'limited', exposure: 'customer-facing', sources: ['cards.authorisations', 'device.fingerprints'], tags: ['fraud', 'real-time'] },
  { name: 'AML transaction monitoring', purpose: 'Flags transaction patterns for anti-money-laundering review.', ai: 'limited', exposure: 'internal', sources: ['payments.ledger', 'kyc.customers'], tags: ['aml', 'compliance'] },
  { name: 'Claims triage', purpose: 'Routes incoming insurance claims to fast-track or expert handling.', ai: 'limited', exposure: 'internal', sources: ['claims.intake', 'policy.master'], tags: ['claims', 'nlp'] },
  { name: 'Demand forecasting', purpose: 'Forecasts daily cash demand per branch and ATM.', ai: 'minimal', exposure: 'internal', sources: ['atm.withdrawals', 'calendar.holidays'], tags: ['forecasting', 'time-series'] },
  { name: 'Price elasticity', purpose: 'Estimates the response of deposit volumes to rate changes.', ai: 'minimal', exposure: 'internal', sources: ['treasury.rates', 'core-banking.deposits'], tags: ['pricing'] },
  { name: 'Document classifier', purpose: 'Classifies scanned customer documents by type.', ai: 'minimal', exposure: 'internal', sources: ['dms.scans'], tags: ['nlp', 'documents'] },
  { name: 'Support chatbot intent', purpose: 'Recognises customer intent in the public support chat.', ai: 'limited', exposure: 'public', sources: ['chat.transcripts'], tags: ['nlp', 'llm'] },
  { name: 'CV screening', purpose: 'Shortlists job applications for recruiter review.', ai: 'high', exposure: 'public', sources: ['ats.applications'], tags: ['hr', 'nlp'] },
  { name: 'Underwriting risk', purpose: 'Prices home-insurance risk from property and claims history.', ai: 'high', exposure: 'customer-facing', sources: ['policy.master', 'geo.flood-zones'], tags: ['insurance', 'tabular'] },
  { name: 'Collections prioritisation', purpose: 'Orders overdue accounts for the collections team.', ai: 'limited', exposure: 'internal', sources: ['core-banking.arrears'], tags: ['collections', 'tabular'] },
];
const FIRST = ['Ana', 'Ben', 'Chloé', 'David', 'Elif', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kofi', 'Lena', 'Mateo', 'Nadia', 'Olivier', 'Priya', 'Quentin', 'Rosa', 'Sami', 'Tomasz', 'Uma', 'Victor', 'Wen', 'Yara'];
const LAST = ['Martin', 'Okafor', 'Schmidt', 'Rossi', 'Nguyen', 'García', 'Dubois', 'Kowalski', 'Haddad', 'Silva', 'Jensen', 'Tanaka', 'Moreau', 'Patel', 'Novak', 'Ali'];
const MARKETS = ['EU', 'UK', 'US', 'APAC', 'LATAM', 'Nordics', 'DACH', 'Benelux', 'Iberia', 'France', 'Italy', 'Poland', 'SME', 'Private Banking'];
const VENDORS = ['Experian', 'FICO', 'SAS', 'Featurespace', 'Moody’s Analytics'];
const STATUS_WEIGHTS: [ModelInput['status'] | 'retired', number][] = [['production', 55], ['validation', 12], ['development', 15], ['proposed', 8], ['retired', 10]];
const STACKS: Environment[] = [
  { python: '3.11', 'scikit-learn': '1.4.2', pandas: '2.2.1' },
  { python: '3.10', xgboost: '2.0.3', pandas: '2.1.4' },
  { python: '3.12', torch: '2.3.1', transformers: '4.41.2' },
  { python: '3.11', lightgbm: '4.3.0', pandas: '2.2.2' },
  { python: '3.9', 'scikit-learn': '1.2.2', numpy: '1.24.4' },
];

export const demoPortfolio = (count: number, seed: number): Omit<Model, 'id' | 'envStatus'>[] => {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const weighted = <T>(ws: [T, number][]): T => {
    let r = rnd() * ws.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of ws) if ((r -= w) < 0) return v;
    return ws[0]![0];
  };
  const person = (): string => `${pick(FIRST)} ${pick(LAST)}`;
  const base = Date.UTC(2022, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    const kind = pick(KINDS);
    const status = weighted(STATUS_WEIGHTS);
    const developers = [...new Set([person(), ...(rnd() < 0.5 ? [person()] : [])])];
    let validator = person();
    while (developers.includes(validator)) validator = person();
    const validated = pick(STACKS);
    const drifted = rnd() < 0.15;
    const production = drifted ? { ...validated, python: validated.python === '3.12' ? '3.13' : '3.12' } : { ...validated };
    const vendor = rnd() < 0.15;
    const created = new Date(base + Math.floor(rnd() * 1000) * 86_400_000);
    const updated = new Date(created.getTime() + Math.floor(rnd() * 300) * 86_400_000);
    const major = 1 + Math.floor(rnd() * 4);
    return {
      ref: `MDL-${String(i + 1).padStart(4, '0')}`,
      name: `${kind.name} – ${pick(MARKETS)}`,
      version: `${major}.${Math.floor(rnd() * 10)}.${Math.floor(rnd() * 5)}`,
      description: `${kind.name} model maintained by the ${pick(UNITS)} analytics team.`,
      purpose: kind.purpose,
      intendedUse: 'Decision support; a human reviews every adverse outcome.',
      restrictions: kind.ai === 'high' ? 'Not for fully automated decisions. Do not use outside the EU portfolio it was trained on.' : '',
      businessUnit: pick(UNITS),
      owner: person(),
      developers,
      validator,
      status,
      tier: weighted<1 | 2 | 3>([[1, 20], [2, 45], [3, 35]]),
      exposure: kind.exposure,
      usageVolume: pick(['low', 'medium', 'high', 'very-high'] as const),
      sourcing: vendor ? 'vendor' : 'in-house',
      vendorName: vendor ? pick(VENDORS) : '',
      dataSources: kind.sources,
      validatedEnv: validated,
      productionEnv: status === 'production' || status === 'retired' ? production : {},
      aiActClass: kind.ai,
      maintainers: weighted([[0, 5], [1, 30], [2, 35], [3, 20], [5, 10]]),
      documentationUrl: rnd() < 0.8 ? `https://wiki.example.com/models/mdl-${i + 1}` : '',
      tags: kind.tags,
      createdAt: created.toISOString(),
      updatedAt: updated.toISOString(),
      retiredAt: status === 'retired' ? updated.toISOString() : null,
      retirementReason: status === 'retired' ? 'Replaced by a newer model.' : '',
    };
  });
};

