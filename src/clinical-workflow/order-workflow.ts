/**
 * Status rules of the orders a visit produces (seed 001/002): lab orders and referrals. Pure, like
 * the visit's stage machine.
 */

export const LAB_ORDER_STATUSES = ['ordered', 'specimen_collected', 'resulted', 'cancelled'] as const;
export type LabOrderStatus = (typeof LAB_ORDER_STATUSES)[number];

export const LAB_ORDER_ACTIONS = ['collect_specimen', 'record_result', 'cancel'] as const;
export type LabOrderAction = (typeof LAB_ORDER_ACTIONS)[number];

// ordered → specimen collected → resulted; cancellable until a result exists.
const LAB_ORDER_MOVES: Record<LabOrderAction, { from: LabOrderStatus[]; to: LabOrderStatus }> = {
  collect_specimen: { from: ['ordered'], to: 'specimen_collected' },
  record_result: { from: ['specimen_collected'], to: 'resulted' },
  cancel: { from: ['ordered', 'specimen_collected'], to: 'cancelled' },
};

export function labOrderActions(status: LabOrderStatus): LabOrderAction[] {
  return LAB_ORDER_ACTIONS.filter((action) => LAB_ORDER_MOVES[action].from.includes(status));
}

/** The status after `action`, or the 409 message naming what is allowed instead. */
export function labOrderTransition(status: LabOrderStatus, action: LabOrderAction): { ok: true; next: LabOrderStatus } | { ok: false; message: string } {
  const move = LAB_ORDER_MOVES[action];
  if (move.from.includes(status)) return { ok: true, next: move.to };
  const allowed = labOrderActions(status);
  return { ok: false, message: `This lab order is ${status.replace('_', ' ')}; allowed next: ${allowed.length > 0 ? allowed.join(', ') : 'none'}` };
}

export const LAB_PRIORITIES = ['routine', 'urgent', 'stat'] as const;
export type LabPriority = (typeof LAB_PRIORITIES)[number];

export const SPECIMEN_TYPES = ['blood', 'serum', 'plasma', 'urine', 'stool', 'sputum', 'swab', 'csf', 'tissue', 'other'] as const;
export type SpecimenType = (typeof SPECIMEN_TYPES)[number];

export const LAB_RESULT_FLAGS = ['normal', 'low', 'high', 'critical'] as const;
export type LabResultFlag = (typeof LAB_RESULT_FLAGS)[number];

/** The flag a numeric value earns against its reference range, when the laboratory gave none. */
export function flagFor(value: number | null, low: number | null, high: number | null): LabResultFlag | null {
  if (value === null || (low === null && high === null)) return null;
  if (low !== null && value < low) return 'low';
  if (high !== null && value > high) return 'high';
  return 'normal';
}

export const REFERRAL_TYPES = ['internal', 'external', 'psychosocial'] as const;
export type ReferralType = (typeof REFERRAL_TYPES)[number];

export const REFERRAL_URGENCIES = ['routine', 'urgent', 'emergency'] as const;
export type ReferralUrgency = (typeof REFERRAL_URGENCIES)[number];

export const REFERRAL_STATUSES = ['pending', 'sent', 'accepted', 'completed', 'declined', 'cancelled'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

// A referral is written (pending), sent to the receiving facility, which accepts or declines it;
// an accepted one is completed when the patient has been seen there. An internal referral may be
// accepted without being "sent". Completed, declined and cancelled are final.
const REFERRAL_MOVES: Record<ReferralStatus, ReferralStatus[]> = {
  pending: ['sent', 'accepted', 'declined', 'cancelled'],
  sent: ['accepted', 'declined', 'cancelled'],
  accepted: ['completed', 'cancelled'],
  completed: [],
  declined: [],
  cancelled: [],
};

export function referralNextStatuses(status: ReferralStatus): ReferralStatus[] {
  return REFERRAL_MOVES[status];
}

export function referralTransition(from: ReferralStatus, to: ReferralStatus): { ok: true } | { ok: false; message: string } {
  if (REFERRAL_MOVES[from].includes(to)) return { ok: true };
  const allowed = REFERRAL_MOVES[from];
  return { ok: false, message: `This referral is ${from}; allowed next: ${allowed.length > 0 ? allowed.join(', ') : 'none'}` };
}
