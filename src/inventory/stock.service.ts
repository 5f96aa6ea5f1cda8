import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { scopeCondition } from '../common/auth/jurisdiction';
import { NotFoundError } from '../common/errors/domain-errors';
import { LOCATION_SCOPE, StockRepository } from './stock.repository';
import { planFefo } from './stock-rules';

/** One batch taken by a FEFO pick, with the ledger movement that took it. */
export interface StockPick {
  batchId: string;
  lotNumber: string;
  expiryDate: string;
  /** Cost per unit, a decimal string. */
  unitCost: string;
  quantity: number;
  movementId: string;
}

export interface TakeFefoInput {
  locationId: string;
  itemId: string;
  quantity: number;
  kind: 'dispense' | 'issue';
  /** The clinics' date (clinicToday()); a batch expiring on or before it is never taken. */
  today: string;
  performedBy: string;
  transactionId: string;
  referenceType: string | null;
  referenceId: string | null;
  reason?: string;
}

/**
 * Inventory's public service: other contexts (Pharmacy's dispensing) take stock through it, inside
 * their own transaction, so their record and the ledger commit or roll back together.
 */
@Injectable()
export class StockService {
  constructor(private readonly repository: StockRepository) {}

  /** 404 (NotFoundError) unless the location exists, is active and lies in the caller's scope. */
  async findVisibleLocation(caller: AuthUser, locationId: string, manager?: EntityManager): Promise<{ id: string; clinicId: string; name: string }> {
    const location = await this.repository.findLocation(scopeCondition(caller.scope, LOCATION_SCOPE), locationId, manager);
    if (!location || !location.is_active) throw new NotFoundError('Stock location');
    return { id: location.id, clinicId: location.clinic_id, name: location.name };
  }

  /**
   * Inside the caller's transaction: locks the item's usable on-hand rows at the location in FEFO
   * order, takes up to `quantity` from the earliest expiry on, one movement per batch taken, and
   * decrements on-hand. Never touches an expired batch. `taken` may be less than asked.
   */
  async takeFefo(manager: EntityManager, input: TakeFefoInput): Promise<{ picks: StockPick[]; taken: number }> {
    if (!Number.isInteger(input.quantity) || input.quantity <= 0) return { picks: [], taken: 0 };
    const locked = await this.repository.lockUsable(manager, input.locationId, input.itemId, input.today);
    const plan = planFefo(
      locked.map((r) => ({ batchId: r.batch_id, expiryDate: r.expiry_date, quantity: Number(r.quantity) })),
      input.quantity,
      input.today,
    );
    const batches = new Map((await this.repository.findBatches(plan.picks.map((p) => p.batchId), manager)).map((b) => [b.id, b]));
    const picks: StockPick[] = [];
    for (const pick of plan.picks) {
      const batch = batches.get(pick.batchId)!;
      const movementId = randomUUID();
      const applied = await this.repository.record(
        manager,
        {
          id: movementId,
          transactionId: input.transactionId,
          kind: input.kind,
          itemId: input.itemId,
          batchId: pick.batchId,
          locationId: input.locationId,
          quantity: -pick.quantity,
          unitCost: batch.unit_cost,
          reason: input.reason ?? null,
          referenceType: input.referenceType,
          referenceId: input.referenceId,
          performedBy: input.performedBy,
        },
        batch.expiry_date,
      );
      // The rows are locked, so the conditional decrement cannot fail; if it ever does, stop rather than oversell.
      if (!applied) throw new Error('On-hand changed under a row lock');
      picks.push({ batchId: pick.batchId, lotNumber: batch.lot_number, expiryDate: batch.expiry_date, unitCost: batch.unit_cost, quantity: pick.quantity, movementId });
    }
    return { picks, taken: plan.taken };
  }

  /** Everything on hand of an item at a location, expired batches included (what is physically there). */
  onHand(manager: EntityManager | undefined, locationId: string, itemId: string): Promise<number> {
    return this.repository.onHand(manager, locationId, itemId);
  }
}
