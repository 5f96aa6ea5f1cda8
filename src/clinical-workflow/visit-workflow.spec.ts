import {
  allowedActions,
  closureProblems,
  stageOrderMessage,
  transition,
  triageRank,
  VISIT_ACTIONS,
  VISIT_STAGES,
  VISIT_STATUSES,
  VisitAction,
  VisitStage,
  VisitState,
} from './visit-workflow';

const waiting = (stage: VisitStage): VisitState => ({ stage, status: 'in_progress' });

describe('visit stage machine', () => {
  // Every (state, action) pair: exactly these succeed, everything else is refused.
  const ALLOWED: Record<string, VisitAction[]> = {
    'registration/in_progress': ['cancel'],
    'assessment/in_progress': ['assessment', 'cancel'],
    'consultation/in_progress': ['consultation', 'cancel'],
    'counseling/in_progress': ['counseling', 'skip_counseling', 'cancel'],
    'closure/in_progress': ['closure', 'cancel'],
  };

  const states: VisitState[] = VISIT_STAGES.flatMap((stage) => VISIT_STATUSES.map((status) => ({ stage, status })));

  it.each(states.map((s) => [`${s.stage}/${s.status}`, s] as const))('%s allows exactly its actions', (key, state) => {
    const expected = ALLOWED[key] ?? [];
    expect(allowedActions(state)).toEqual(expected);
    for (const action of VISIT_ACTIONS) {
      const result = transition(state, action, { counselingRequired: true });
      expect(result.ok).toBe(expected.includes(action));
      if (!result.ok) expect(result.message).toBe(stageOrderMessage(state));
    }
  });

  it('walks the five stages in order', () => {
    const steps: [VisitAction, VisitState, VisitStage | null][] = [
      ['assessment', waiting('consultation'), 'assessment'],
      ['consultation', waiting('counseling'), 'consultation'],
      ['counseling', waiting('closure'), 'counseling'],
      ['closure', { stage: 'closure', status: 'completed' }, 'closure'],
    ];
    let state = waiting('assessment');
    for (const [action, next, completes] of steps) {
      const result = transition(state, action, { counselingRequired: true });
      expect(result).toEqual({ ok: true, next, completes, skipsCounseling: false });
      state = next;
    }
    expect(allowedActions(state)).toEqual([]);
  });

  it('skips counseling only by the consultation decision or the skip action', () => {
    expect(transition(waiting('consultation'), 'consultation', { counselingRequired: false })).toEqual({
      ok: true,
      next: waiting('closure'),
      completes: 'consultation',
      skipsCounseling: true,
    });
    expect(transition(waiting('counseling'), 'skip_counseling')).toEqual({ ok: true, next: waiting('closure'), completes: 'counseling', skipsCounseling: true });
    // Nothing else jumps a stage.
    for (const stage of ['assessment', 'consultation', 'closure'] as const) expect(transition(waiting(stage), 'skip_counseling').ok).toBe(false);
    expect(transition(waiting('assessment'), 'consultation').ok).toBe(false);
    expect(transition(waiting('assessment'), 'closure').ok).toBe(false);
    expect(transition(waiting('consultation'), 'closure').ok).toBe(false);
  });

  it('cancels before closure only, keeping the stage it was cancelled in', () => {
    expect(transition(waiting('consultation'), 'cancel')).toEqual({
      ok: true,
      next: { stage: 'consultation', status: 'cancelled' },
      completes: null,
      skipsCounseling: false,
    });
    expect(transition(waiting('closure'), 'cancel').ok).toBe(true);
    expect(transition({ stage: 'closure', status: 'completed' }, 'cancel')).toEqual({ ok: false, message: 'This visit is completed; allowed next: none' });
    expect(transition({ stage: 'assessment', status: 'cancelled' }, 'cancel')).toEqual({ ok: false, message: 'This visit is cancelled; allowed next: none' });
  });

  it('names the waiting stage and the allowed next actions in the refusal', () => {
    expect(transition(waiting('consultation'), 'assessment')).toEqual({
      ok: false,
      message: 'This visit is waiting for consultation; allowed next: consultation, cancel',
    });
    expect(stageOrderMessage(waiting('counseling'))).toBe('This visit is waiting for counseling; allowed next: counseling, skip_counseling, cancel');
  });

  it('ranks triage colours most urgent first', () => {
    expect(['green', 'red', 'yellow', 'orange'].map((p) => triageRank(p as 'red'))).toEqual([4, 1, 3, 2]);
  });

  it('checks closure: follow-up needs a date, death is consistent', () => {
    expect(closureProblems({ outcome: 'improved', disposition: 'discharged_home' })).toEqual([]);
    expect(closureProblems({ outcome: 'improved', disposition: 'follow_up_scheduled' }).map((p) => p.field)).toEqual(['followUpDate']);
    expect(closureProblems({ outcome: 'improved', disposition: 'follow_up_scheduled', followUpDate: '2030-01-01' })).toEqual([]);
    expect(closureProblems({ outcome: 'died', disposition: 'discharged_home' }).map((p) => p.field)).toEqual(['disposition']);
    expect(closureProblems({ outcome: 'improved', disposition: 'deceased' }).map((p) => p.field)).toEqual(['disposition']);
    expect(closureProblems({ outcome: 'died', disposition: 'deceased' })).toEqual([]);
  });
});
