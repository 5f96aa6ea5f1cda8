import {
  flagFor,
  LAB_ORDER_ACTIONS,
  LAB_ORDER_STATUSES,
  labOrderActions,
  labOrderTransition,
  REFERRAL_STATUSES,
  referralNextStatuses,
  referralTransition,
} from './order-workflow';

describe('lab order status', () => {
  const EXPECTED: Record<string, Record<string, string>> = {
    ordered: { collect_specimen: 'specimen_collected', cancel: 'cancelled' },
    specimen_collected: { record_result: 'resulted', cancel: 'cancelled' },
    resulted: {},
    cancelled: {},
  };

  it.each(LAB_ORDER_STATUSES)('from %s allows exactly its moves', (status) => {
    for (const action of LAB_ORDER_ACTIONS) {
      const result = labOrderTransition(status, action);
      const next = EXPECTED[status][action];
      expect(result).toEqual(next ? { ok: true, next } : { ok: false, message: expect.stringContaining(`This lab order is ${status.replace('_', ' ')}`) });
    }
    expect(labOrderActions(status)).toEqual(Object.keys(EXPECTED[status]));
  });

  it('names what is allowed in the refusal', () => {
    expect(labOrderTransition('ordered', 'record_result')).toEqual({ ok: false, message: 'This lab order is ordered; allowed next: collect_specimen, cancel' });
    expect(labOrderTransition('resulted', 'cancel')).toEqual({ ok: false, message: 'This lab order is resulted; allowed next: none' });
  });

  it('flags a numeric value against its reference range', () => {
    expect(flagFor(4, 3.5, 5.5)).toBe('normal');
    expect(flagFor(3, 3.5, 5.5)).toBe('low');
    expect(flagFor(6, 3.5, 5.5)).toBe('high');
    expect(flagFor(6, null, 5.5)).toBe('high');
    expect(flagFor(6, null, null)).toBeNull();
    expect(flagFor(null, 1, 2)).toBeNull();
  });
});

describe('referral status', () => {
  it('allows the referral path and nothing out of final states', () => {
    expect(referralNextStatuses('pending')).toEqual(['sent', 'accepted', 'declined', 'cancelled']);
    expect(referralTransition('pending', 'sent')).toEqual({ ok: true });
    expect(referralTransition('sent', 'accepted')).toEqual({ ok: true });
    expect(referralTransition('accepted', 'completed')).toEqual({ ok: true });
    expect(referralTransition('pending', 'completed')).toEqual({ ok: false, message: 'This referral is pending; allowed next: sent, accepted, declined, cancelled' });
    for (const final of ['completed', 'declined', 'cancelled'] as const) {
      for (const to of REFERRAL_STATUSES) expect(referralTransition(final, to).ok).toBe(false);
    }
    expect(referralTransition('sent', 'sent').ok).toBe(false);
  });
});
