/**
 * `npm run bench -- scoring` (V1): the calibration report of the explainable scoring. No stack:
 * a seeded generator writes a tenant's history of deals whose outcome depends on a KNOWN latent
 * signal, each deal is scored at a cut-off date by the very code the app uses (rows →
 * computeTenantScores with DEFAULT_WEIGHTS), and the ROC AUC of the score is compared with the
 * naive baseline, the stage probability alone.
 *
 * The generator (what "known signal" means). Per deal, hidden: an engagement level e ~ N(0,1) and
 * a deal size a ~ N(0,1). What the replica sees at the cut-off follows from them with noise:
 *   - interactions (calls, e-mails, meetings, visits): last one exp(2.2 − 0.8e + 0.6·N) days ago,
 *     plus Poisson(exp(0.4 + 0.7e)) earlier ones within 60 days; notes that do not count;
 *   - amount: 8,000 € × exp(0.8a);
 *   - stage (Prospect … Proposition): round(1.6 + 0.4e + 0.3a + 1.3·N), clamped — the stage only
 *     partly reflects how the deal is really going (reps move cards late, or optimistically);
 *   - days in the stage: exp(2.4 − 0.3e + 0.5·N); a history of earlier stages for the stage ages;
 *   - completeness and company fit: random, unrelated to the outcome (noise the score carries).
 * Outcome after the cut-off: won with probability sigmoid(−0.4 + 1.2e + 0.6a + 0.3·(stage − 2)).
 * So the report checks that the score turns the signals it claims to use into a ranking; it says
 * nothing about real tenants, whose deals have their own drivers — tune weights on real outcomes.
 *
 * Environment: BENCH_SCORING_SEED (default 20261122), BENCH_SCORING_N (deals, default 2000).
 */
import { computeRocAuc } from '../../../shared/scoring/auc.ts';
import { computeTenantScores, type ScoringRows } from '../../../shared/scoring/build.ts';
import { DEFAULT_WEIGHTS } from '../../../shared/scoring/weights.ts';
import { effectiveProbability } from '../../../shared/pipeline/pipeline.ts';

const DEFAULT_SEED = 20261122;
const DEFAULT_N = 2000;
const OTHER_SEEDS = [1, 2, 3, 4, 5];
const BOOTSTRAP_RESAMPLES = 500;
const CUT_OFF = new Date('2026-06-01T10:00:00Z');
const DAY = 86_400_000;

/** mulberry32: the same sequence for the same seed on every machine. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function createGaussian(random: () => number): () => number {
  return () => {
    const u = Math.max(random(), Number.EPSILON);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}

function drawPoisson(random: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k += 1;
  return k;
}

const clamp = (x: number, min: number, max: number): number => Math.min(max, Math.max(min, x));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const ago = (days: number): string => new Date(CUT_OFF.getTime() - days * DAY).toISOString();

const STAGES = [
  { id: 'prospect', position: 1, probability: 10, kind: 'open' as const },
  { id: 'contact', position: 2, probability: 20, kind: 'open' as const },
  { id: 'interest', position: 3, probability: 40, kind: 'open' as const },
  { id: 'demo', position: 4, probability: 60, kind: 'open' as const },
  { id: 'proposal', position: 5, probability: 80, kind: 'open' as const },
  { id: 'won', position: 6, probability: 100, kind: 'won' as const },
  { id: 'lost', position: 7, probability: 0, kind: 'lost' as const },
];
const OPEN_STAGES = STAGES.filter((s) => s.kind === 'open');
const INTERACTIONS = ['call', 'email', 'meeting', 'visit'] as const;

type History = { rows: ScoringRows; won: boolean[]; chance: number[]; ids: string[] };

/** A tenant's deals at the cut-off, with the outcome each one had afterwards. */
export function generateHistory(seed: number, n: number): History {
  const random = createRandom(seed);
  const gaussian = createGaussian(random);
  const maybe = (p: number, value: string): string | null => (random() < p ? value : null);
  const rows = {
    stages: STAGES,
    opportunities: [] as ScoringRows['opportunities'][number][],
    activities: [] as ScoringRows['activities'][number][],
    history: [] as ScoringRows['history'][number][],
    companies: [] as ScoringRows['companies'][number][],
    contacts: [] as ScoringRows['contacts'][number][],
  };
  const won: boolean[] = [];
  const chance: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const id = `deal-${i}`;
    const engagement = gaussian();
    const size = gaussian();
    const stageIndex = clamp(Math.round(1.6 + 0.4 * engagement + 0.3 * size + 1.3 * gaussian()), 0, 4);
    const stage = OPEN_STAGES[stageIndex] ?? OPEN_STAGES[0];
    if (!stage) throw new Error('no stage');

    // Stage history: one stay per earlier stage, the current one entered `inStage` days ago.
    const inStage = clamp(Math.round(Math.exp(2.4 - 0.3 * engagement + 0.5 * gaussian())), 0, 120);
    let enteredDaysAgo = inStage;
    const entries: { stage: string; daysAgo: number }[] = [{ stage: stage.id, daysAgo: inStage }];
    for (let s = stageIndex - 1; s >= 0; s -= 1) {
      enteredDaysAgo += clamp(Math.round(Math.exp(2.2 + 0.4 * gaussian())), 1, 90);
      entries.unshift({ stage: OPEN_STAGES[s]?.id ?? 'prospect', daysAgo: enteredDaysAgo });
    }
    const createdDaysAgo = enteredDaysAgo;
    entries.forEach((e, k) =>
      rows.history.push({ id: `${id}-h${k}`, opportunity_id: id, to_stage_id: e.stage, changed_at: ago(e.daysAgo) }),
    );

    // Interactions: the latest one, then earlier ones, all after the deal's creation.
    const contactId = `contact-${i}`;
    const last = clamp(Math.round(Math.exp(2.2 - 0.8 * engagement + 0.6 * gaussian())), 0, createdDaysAgo);
    const earlier = drawPoisson(random, Math.exp(0.4 + 0.7 * engagement));
    const dates = [last];
    for (let k = 0; k < earlier; k += 1)
      dates.push(last + Math.floor(random() * Math.max(1, Math.min(60, createdDaysAgo - last + 1))));
    dates.forEach((d) =>
      rows.activities.push({
        kind: INTERACTIONS[Math.floor(random() * INTERACTIONS.length)] ?? 'call',
        occurred_at: ago(d + random() * 0.4),
        contact_id: contactId,
        opportunity_id: random() < 0.8 ? id : null,
      }),
    );
    // Notes are not interactions: as many for won and lost deals.
    if (random() < 0.5)
      rows.activities.push({
        kind: 'note',
        occurred_at: ago(random() * 10),
        contact_id: contactId,
        opportunity_id: id,
      });

    const companyId = `company-${i}`;
    rows.companies.push({
      id: companyId,
      siret: maybe(0.6, '54205118000066'),
      sector: maybe(0.7, 'Garage'),
      size: maybe(0.5, '10-49'),
    });
    rows.contacts.push({
      id: contactId,
      created_at: ago(createdDaysAgo + 10),
      first_name: 'Camille',
      last_name: null,
      email: maybe(0.8, `camille.${i}@example.test`),
      phone: maybe(0.5, '+33612345678'),
      mobile: null,
      job_title: maybe(0.5, 'Gérante'),
      company_id: companyId,
      last_contacted_at: null,
    });
    rows.opportunities.push({
      id,
      stage_id: stage.id,
      amount_cents: Math.round(800_000 * Math.exp(0.8 * size)),
      probability: null,
      created_at: ago(createdDaysAgo),
      stage_entered_at: ago(inStage),
      company_id: companyId,
      contact_id: contactId,
      expected_close_date: maybe(0.6, '2026-07-15'),
      next_step: maybe(0.5, 'Relancer'),
      source: maybe(0.7, 'referral'),
    });
    const p = sigmoid(-0.4 + 1.2 * engagement + 0.6 * size + 0.3 * (stageIndex - 2));
    chance.push(p);
    won.push(random() < p);
    ids.push(id);
  }
  return { rows, won, chance, ids };
}

type Evaluation = {
  readonly score: number[];
  readonly baseline: number[];
  readonly won: boolean[];
  readonly aucScore: number;
  readonly aucBaseline: number;
  /** The generator's own win probability: the best any score could do on this history. */
  readonly aucOracle: number;
};

function evaluate(seed: number, n: number): Evaluation {
  const { rows, won, chance, ids } = generateHistory(seed, n);
  const scores = computeTenantScores(rows, DEFAULT_WEIGHTS, CUT_OFF).opportunities;
  const stages = new Map(STAGES.map((s) => [s.id, s]));
  const score = ids.map((id) => scores.get(id)?.score ?? Number.NaN);
  const baseline = rows.opportunities.map((o) => effectiveProbability(o, stages.get(o.stage_id)));
  const aucScore = computeRocAuc(score, won);
  const aucBaseline = computeRocAuc(baseline, won);
  const aucOracle = computeRocAuc(chance, won);
  if (aucScore === null || aucBaseline === null || aucOracle === null) {
    throw new Error('the history needs won and lost deals');
  }
  return { score, baseline, won, aucScore, aucBaseline, aucOracle };
}

/** 95 % percentile interval of the AUCs and of their difference, resampling deals with replacement. */
function bootstrap(e: Evaluation, seed: number): Record<string, [number, number]> {
  const random = createRandom(seed ^ 0x5eed);
  const n = e.won.length;
  const score: number[] = [];
  const baseline: number[] = [];
  const diff: number[] = [];
  for (let r = 0; r < BOOTSTRAP_RESAMPLES; r += 1) {
    const pick = Array.from({ length: n }, () => Math.floor(random() * n));
    const labels = pick.map((i) => e.won[i] === true);
    const s = computeRocAuc(
      pick.map((i) => e.score[i] ?? 0),
      labels,
    );
    const b = computeRocAuc(
      pick.map((i) => e.baseline[i] ?? 0),
      labels,
    );
    if (s === null || b === null) continue;
    score.push(s);
    baseline.push(b);
    diff.push(s - b);
  }
  const interval = (values: number[]): [number, number] => {
    const sorted = [...values].sort((x, y) => x - y);
    const at = (q: number) => round3(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN);
    return [at(0.025), at(0.975)];
  };
  return { auc_score: interval(score), auc_baseline: interval(baseline), difference: interval(diff) };
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Runs the calibration and returns the figures bench.ts writes to bench/results/scoring.json. */
export function benchScoring(): Promise<Record<string, unknown>> {
  const seed = Number(process.env['BENCH_SCORING_SEED'] ?? DEFAULT_SEED);
  const n = Number(process.env['BENCH_SCORING_N'] ?? DEFAULT_N);
  const main = evaluate(seed, n);
  const wins = main.won.filter(Boolean).length;
  return Promise.resolve({
    seed,
    n,
    won: wins,
    lost: n - wins,
    cut_off: CUT_OFF.toISOString(),
    weights: DEFAULT_WEIGHTS.opportunity,
    auc_score: round3(main.aucScore),
    auc_baseline_stage_probability: round3(main.aucBaseline),
    auc_oracle_true_probability: round3(main.aucOracle),
    bootstrap_95: bootstrap(main, seed),
    bootstrap_resamples: BOOTSTRAP_RESAMPLES,
    other_seeds: OTHER_SEEDS.map((s) => {
      const e = evaluate(s, n);
      return { seed: s, auc_score: round3(e.aucScore), auc_baseline_stage_probability: round3(e.aucBaseline) };
    }),
  });
}

/** The report's one-line summary, then the figures. */
export function printScoringReport(figures: Record<string, unknown>): Promise<void> {
  console.log(
    `scoring calibration: n=${String(figures['n'])} seed=${String(figures['seed'])} ` +
      `AUC score ${String(figures['auc_score'])} vs baseline (stage probability alone) ` +
      `${String(figures['auc_baseline_stage_probability'])} (ceiling: true win probability ` +
      `${String(figures['auc_oracle_true_probability'])})`,
  );
  console.log(JSON.stringify(figures, null, 2));
  return Promise.resolve();
}
