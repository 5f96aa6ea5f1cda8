/**
 * The five-stage visit (seed 002) as pure rules, with no Nest or database in sight.
 *
 * `stage` is the stage a visit is waiting for (its queue). Registration happens when the visit is
 * created, so a new visit waits in the Assessment queue; after Consultation it waits for Counseling,
 * or goes straight to the Closure queue when the consultation recorded a decision (with a reason)
 * that counseling is not needed. Closing keeps the stage at 'closure' and completes the visit. A
 * visit can be cancelled, with a reason, at any stage until it is closed.
 */

export const VISIT_STAGES = ['registration', 'assessment', 'consultation', 'counseling', 'closure'] as const;
export type VisitStage = (typeof VISIT_STAGES)[number];

export const VISIT_STATUSES = ['in_progress', 'completed', 'cancelled'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

/** What staff can do to move a visit on; each is one endpoint. */
export const VISIT_ACTIONS = ['assessment', 'consultation', 'counseling', 'skip_counseling', 'closure', 'cancel'] as const;
export type VisitAction = (typeof VISIT_ACTIONS)[number];

/** The error code of a stage action attempted in the wrong stage (409). */
export const VISIT_STAGE_ORDER = 'VISIT_STAGE_ORDER';

export interface VisitState {
  stage: VisitStage;
  status: VisitStatus;
}

/** The action that completes each stage a visit can wait in (registration completes on creation). */
const COMPLETING_ACTIONS: Record<VisitStage, VisitAction[]> = {
  registration: [],
  assessment: ['assessment'],
  consultation: ['consultation'],
  // Only a recorded decision skips counseling; nothing skips any other stage.
  counseling: ['counseling', 'skip_counseling'],
  closure: ['closure'],
};

/** The stage a new visit waits in: registration is complete once the visit exists. */
export const FIRST_QUEUE: VisitStage = 'assessment';

/** What may be done next, in the order staff would do it. Nothing once the visit is completed or cancelled. */
export function allowedActions(state: VisitState): VisitAction[] {
  if (state.status !== 'in_progress') return [];
  return [...COMPLETING_ACTIONS[state.stage], 'cancel'];
}

export type TransitionResult =
  | { ok: true; next: VisitState; completes: VisitStage | null; skipsCounseling: boolean }
  | { ok: false; message: string };

/**
 * The visit's state after `action`, or why it is not allowed now. `counselingRequired` is the
 * consultation's decision: false sends the visit past Counseling (recorded as skipped).
 */
export function transition(state: VisitState, action: VisitAction, opts: { counselingRequired?: boolean } = {}): TransitionResult {
  if (!allowedActions(state).includes(action)) return { ok: false, message: stageOrderMessage(state) };
  switch (action) {
    case 'cancel':
      return { ok: true, next: { stage: state.stage, status: 'cancelled' }, completes: null, skipsCounseling: false };
    case 'closure':
      return { ok: true, next: { stage: 'closure', status: 'completed' }, completes: 'closure', skipsCounseling: false };
    case 'consultation': {
      const counselingRequired = opts.counselingRequired ?? true;
      return {
        ok: true,
        next: { stage: counselingRequired ? 'counseling' : 'closure', status: 'in_progress' },
        completes: 'consultation',
        skipsCounseling: !counselingRequired,
      };
    }
    case 'skip_counseling':
      return { ok: true, next: { stage: 'closure', status: 'in_progress' }, completes: 'counseling', skipsCounseling: true };
    default:
      return { ok: true, next: { stage: nextStage(state.stage), status: 'in_progress' }, completes: state.stage, skipsCounseling: false };
  }
}

function nextStage(stage: VisitStage): VisitStage {
  return VISIT_STAGES[Math.min(VISIT_STAGES.indexOf(stage) + 1, VISIT_STAGES.length - 1)];
}

/** "This visit is waiting for consultation; allowed next: consultation, cancel". */
export function stageOrderMessage(state: VisitState): string {
  if (state.status === 'completed') return 'This visit is completed; allowed next: none';
  if (state.status === 'cancelled') return 'This visit is cancelled; allowed next: none';
  const allowed = allowedActions(state);
  return `This visit is waiting for ${state.stage}; allowed next: ${allowed.length > 0 ? allowed.join(', ') : 'none'}`;
}

/** South African Triage Scale colours; the rank orders the queue (most urgent first). */
export const TRIAGE_PRIORITIES = ['red', 'orange', 'yellow', 'green'] as const;
export type TriagePriority = (typeof TRIAGE_PRIORITIES)[number];

export function triageRank(priority: TriagePriority): number {
  return TRIAGE_PRIORITIES.indexOf(priority) + 1;
}

/** Where the patient goes when the visit closes. */
export const VISIT_DISPOSITIONS = [
  'discharged_home',
  'follow_up_scheduled',
  'referred',
  'admitted',
  'transferred',
  'left_without_being_seen',
  'left_against_advice',
  'deceased',
] as const;
export type VisitDisposition = (typeof VISIT_DISPOSITIONS)[number];

/** The patient's condition at the end of the visit. */
export const VISIT_OUTCOMES = ['resolved', 'improved', 'unchanged', 'deteriorated', 'died'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];

/** Closure's cross-field rules: a follow-up needs its date, and death is recorded consistently in both fields. */
export function closureProblems(input: { outcome: VisitOutcome; disposition: VisitDisposition; followUpDate?: string | null }): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (input.disposition === 'follow_up_scheduled' && !input.followUpDate) {
    problems.push({ field: 'followUpDate', message: 'followUpDate is required when the disposition is follow_up_scheduled' });
  }
  if ((input.outcome === 'died') !== (input.disposition === 'deceased')) {
    problems.push({ field: 'disposition', message: "outcome 'died' goes with disposition 'deceased', and only with it" });
  }
  return problems;
}

export const COUNSELING_DECISIONS = ['required', 'skipped'] as const;
export type CounselingDecision = (typeof COUNSELING_DECISIONS)[number];
