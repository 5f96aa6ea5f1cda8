import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { scopeCondition } from '../common/auth/jurisdiction';
import { inTransaction } from '../common/database/transaction';
import { isDuplicateKeyError } from '../common/database/mysql-errors';
import { ConflictError, FieldError, NotFoundError, ValidationFailedError } from '../common/errors/domain-errors';
import { clinicToday } from '../common/time/clinic-date';
import {
  AdjustStockDto,
  IssueStockDto,
  ReceiveStockDto,
  RecordStockTakeDto,
  ReverseStockMovementDto,
  StockTakeResponseDto,
  StockTransactionResponseDto,
  toStockTakeResponse,
  toStockTransactionResponse,
  TransferStockDto,
  WriteOffStockDto,
} from './stock.dto';
import { BatchRow, LOCATION_SCOPE, NewMovement, StockRepository } from './stock.repository';
import { StockService } from './stock.service';
import { isUsable, reversalLegs, reversalRefusal, stockTakeCorrections, type StockMovementKind } from './stock-rules';

const insufficient = (available: number, asked: number, field = 'quantity') =>
  new ConflictError('INSUFFICIENT_STOCK', `Only ${available} usable on hand; ${asked} asked`, [
    { field, message: `available: ${available}` },
  ]);

/**
 * Every change of stock: one transaction per operation, the rows it decrements locked first, each
 * movement written to the ledger together with its on-hand change.
 */
@Injectable()
export class StockOperationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: StockRepository,
    private readonly stock: StockService,
  ) {}

  /** Goods in (seed 002's "Record stock"): the batch is found by item and lot, or created. */
  async receive(caller: AuthUser, dto: ReceiveStockDto): Promise<StockTransactionResponseDto> {
    const today = clinicToday();
    if (!isUsable(dto.expiryDate, today)) throw new ValidationFailedError([{ field: 'expiryDate', message: `expiryDate must be after today (${today})` }]);
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const location = await this.stock.findVisibleLocation(caller, dto.locationId, manager);
      const problems: FieldError[] = [];
      const item = await this.repository.findItem(dto.itemId, manager);
      if (!item || !item.is_active) problems.push({ field: 'itemId', message: 'itemId does not name an active inventory item' });
      if (dto.supplierId && !(await this.repository.supplierExists(dto.supplierId, manager))) {
        problems.push({ field: 'supplierId', message: 'supplierId does not name a supplier' });
      }
      if (problems.length) throw new ValidationFailedError(problems);
      const unitCost = dto.unitCost.toFixed(4);
      const batch = await this.repository.findOrCreateBatch(manager, {
        id: randomUUID(),
        itemId: dto.itemId,
        lotNumber: dto.lotNumber,
        expiryDate: dto.expiryDate,
        unitCost,
        supplierId: dto.supplierId ?? null,
      });
      if (batch.expiry_date !== dto.expiryDate) {
        throw new ConflictError('BATCH_EXPIRY_MISMATCH', `Lot ${batch.lot_number} of this item is recorded with expiry date ${batch.expiry_date}`, [
          { field: 'expiryDate', message: `lot ${batch.lot_number} expires ${batch.expiry_date}` },
        ]);
      }
      const transactionId = randomUUID();
      await this.record(manager, batch, {
        transactionId,
        kind: 'receipt',
        locationId: location.id,
        quantity: dto.quantity,
        unitCost,
        reason: dto.reason ?? null,
        referenceType: dto.supplierId ? 'supplier' : null,
        referenceId: dto.supplierId ?? null,
        performedBy: caller.id,
      });
      return this.transaction(manager, transactionId);
    });
  }

  /** Consumables used (seed 002's inventory_usage): from the named batch, or first-expiry-first-out. */
  async issue(caller: AuthUser, dto: IssueStockDto): Promise<StockTransactionResponseDto> {
    const today = clinicToday();
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const location = await this.stock.findVisibleLocation(caller, dto.locationId, manager);
      const problems: FieldError[] = [];
      const item = await this.repository.findItem(dto.itemId, manager);
      if (!item) problems.push({ field: 'itemId', message: 'itemId does not name an inventory item' });
      if (dto.visitId && !(await this.repository.visitAtClinic(dto.visitId, location.clinicId, manager))) {
        problems.push({ field: 'visitId', message: "visitId does not name a visit at this location's clinic" });
      }
      const batch = dto.batchId ? await this.batchOrFail(manager, dto.batchId, 'batchId', problems) : null;
      if (batch && item && batch.item_id !== item.id) problems.push({ field: 'batchId', message: 'batchId is a batch of another item' });
      if (problems.length) throw new ValidationFailedError(problems);
      if (item?.is_controlled) throw controlledItem();

      const transactionId = randomUUID();
      const reference = { referenceType: dto.visitId ? 'visit' : null, referenceId: dto.visitId ?? null };
      if (batch) {
        if (!isUsable(batch.expiry_date, today)) throw batchExpired(batch);
        const [row] = await this.repository.lockOnHand(manager, [{ batchId: batch.id, locationId: location.id }]);
        const available = Number(row?.quantity ?? 0);
        if (available < dto.quantity) throw insufficient(available, dto.quantity);
        await this.record(manager, batch, {
          transactionId,
          kind: 'issue',
          locationId: location.id,
          quantity: -dto.quantity,
          unitCost: batch.unit_cost,
          reason: dto.reason ?? null,
          ...reference,
          performedBy: caller.id,
        });
      } else {
        const { taken } = await this.stock.takeFefo(manager, {
          locationId: location.id,
          itemId: dto.itemId,
          quantity: dto.quantity,
          kind: 'issue',
          today,
          performedBy: caller.id,
          transactionId,
          ...reference,
          reason: dto.reason,
        });
        // All or nothing: the throw rolls back the batches already taken.
        if (taken < dto.quantity) throw insufficient(taken, dto.quantity);
      }
      return this.transaction(manager, transactionId);
    });
  }

  /** Moves a batch between two locations: two legs, one transaction id, one database transaction. */
  async transfer(caller: AuthUser, dto: TransferStockDto): Promise<StockTransactionResponseDto> {
    if (dto.fromLocationId === dto.toLocationId) {
      throw new ValidationFailedError([{ field: 'toLocationId', message: 'toLocationId must differ from fromLocationId' }]);
    }
    const today = clinicToday();
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const from = await this.stock.findVisibleLocation(caller, dto.fromLocationId, manager);
      const to = await this.stock.findVisibleLocation(caller, dto.toLocationId, manager);
      const problems: FieldError[] = [];
      const batch = await this.batchOrFail(manager, dto.batchId, 'batchId', problems);
      if (!batch) throw new ValidationFailedError(problems);
      if (!isUsable(batch.expiry_date, today)) throw batchExpired(batch);
      const locked = await this.repository.lockOnHand(manager, [
        { batchId: batch.id, locationId: from.id },
        { batchId: batch.id, locationId: to.id },
      ]);
      const available = Number(locked.find((r) => r.location_id === from.id)?.quantity ?? 0);
      if (available < dto.quantity) throw insufficient(available, dto.quantity);
      const transactionId = randomUUID();
      const leg = { transactionId, unitCost: batch.unit_cost, reason: dto.reason ?? null, performedBy: caller.id };
      await this.record(manager, batch, { ...leg, kind: 'transfer_out', locationId: from.id, quantity: -dto.quantity, referenceType: 'stock_location', referenceId: to.id });
      await this.record(manager, batch, { ...leg, kind: 'transfer_in', locationId: to.id, quantity: dto.quantity, referenceType: 'stock_location', referenceId: from.id });
      return this.transaction(manager, transactionId);
    });
  }

  /** A correction with a stated reason, up or down. */
  async adjust(caller: AuthUser, dto: AdjustStockDto): Promise<StockTransactionResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const location = await this.stock.findVisibleLocation(caller, dto.locationId, manager);
      const problems: FieldError[] = [];
      const batch = await this.batchOrFail(manager, dto.batchId, 'batchId', problems);
      if (!batch) throw new ValidationFailedError(problems);
      if (dto.quantityDelta < 0) {
        const [row] = await this.repository.lockOnHand(manager, [{ batchId: batch.id, locationId: location.id }]);
        const available = Number(row?.quantity ?? 0);
        if (available < -dto.quantityDelta) throw insufficient(available, -dto.quantityDelta, 'quantityDelta');
      }
      const transactionId = randomUUID();
      await this.record(manager, batch, {
        transactionId,
        kind: 'adjustment',
        locationId: location.id,
        quantity: dto.quantityDelta,
        unitCost: batch.unit_cost,
        reason: dto.reason,
        performedBy: caller.id,
      });
      return this.transaction(manager, transactionId);
    });
  }

  /** Stock taken out of use: expired, damaged or lost. */
  async writeOff(caller: AuthUser, dto: WriteOffStockDto): Promise<StockTransactionResponseDto> {
    const today = clinicToday();
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const location = await this.stock.findVisibleLocation(caller, dto.locationId, manager);
      const problems: FieldError[] = [];
      const batch = await this.batchOrFail(manager, dto.batchId, 'batchId', problems);
      if (!batch) throw new ValidationFailedError(problems);
      if (dto.reason === 'expired' && isUsable(batch.expiry_date, today)) {
        throw new ConflictError('BATCH_NOT_EXPIRED', `Lot ${batch.lot_number} expires ${batch.expiry_date}: write it off as damaged or lost, or wait`, [
          { field: 'reason', message: `lot ${batch.lot_number} has not expired` },
        ]);
      }
      const [row] = await this.repository.lockOnHand(manager, [{ batchId: batch.id, locationId: location.id }]);
      const available = Number(row?.quantity ?? 0);
      if (available < dto.quantity) throw insufficient(available, dto.quantity);
      const transactionId = randomUUID();
      await this.record(manager, batch, {
        transactionId,
        kind: 'write_off',
        locationId: location.id,
        quantity: -dto.quantity,
        unitCost: batch.unit_cost,
        reason: dto.note ?? null,
        writeOffReason: dto.reason,
        performedBy: caller.id,
      });
      return this.transaction(manager, transactionId);
    });
  }

  /**
   * A count sheet in, corrections out: the counted batches' on-hand rows are locked, and each batch
   * whose count differs gets one 'stock_take' movement by the difference.
   */
  async recordStockTake(caller: AuthUser, dto: RecordStockTakeDto): Promise<StockTakeResponseDto> {
    const seen = new Map<string, number>();
    const duplicates: FieldError[] = [];
    dto.lines.forEach((line, n) => {
      if (seen.has(line.batchId)) duplicates.push({ field: `lines.${n}.batchId`, message: `batch counted twice (also lines.${seen.get(line.batchId)})` });
      else seen.set(line.batchId, n);
    });
    if (duplicates.length) throw new ValidationFailedError(duplicates);

    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const location = await this.stock.findVisibleLocation(caller, dto.locationId, manager);
      const batches = new Map((await this.repository.findBatches([...seen.keys()], manager)).map((b) => [b.id, b]));
      const problems = dto.lines.flatMap((line, n) =>
        batches.has(line.batchId) ? [] : [{ field: `lines.${n}.batchId`, message: 'batchId does not name a stock batch' }],
      );
      if (problems.length) throw new ValidationFailedError(problems);

      await this.repository.ensureOnHandRows(
        manager,
        dto.lines
          .filter((l) => l.countedQuantity > 0)
          .map((l) => {
            const batch = batches.get(l.batchId)!;
            return { batchId: batch.id, locationId: location.id, itemId: batch.item_id, expiryDate: batch.expiry_date };
          }),
      );
      const locked = await this.repository.lockOnHand(
        manager,
        dto.lines.map((l) => ({ batchId: l.batchId, locationId: location.id })),
      );
      const system = new Map(locked.map((r) => [r.batch_id, Number(r.quantity)]));
      const counts = dto.lines.map((l) => ({ batchId: l.batchId, systemQuantity: system.get(l.batchId) ?? 0, countedQuantity: l.countedQuantity }));

      const stockTakeId = randomUUID();
      const transactionId = randomUUID();
      const movementOf = new Map<string, string>();
      for (const correction of stockTakeCorrections(counts)) {
        const batch = batches.get(correction.batchId)!;
        movementOf.set(
          batch.id,
          await this.record(manager, batch, {
            transactionId,
            kind: 'stock_take',
            locationId: location.id,
            quantity: correction.delta,
            unitCost: batch.unit_cost,
            reason: dto.note ?? null,
            referenceType: 'stock_take',
            referenceId: stockTakeId,
            performedBy: caller.id,
          }),
        );
      }
      await this.repository.insertStockTake(
        manager,
        { id: stockTakeId, locationId: location.id, countedBy: caller.id, note: dto.note ?? null },
        counts.map((c) => ({ ...c, movementId: movementOf.get(c.batchId) ?? null })),
      );
      const saved = await this.repository.findStockTake(scopeCondition(caller.scope, LOCATION_SCOPE), stockTakeId, manager);
      return toStockTakeResponse(saved!.take, saved!.lines);
    });
  }

  /**
   * Reverses the whole operation the movement belongs to (both legs of a transfer, every batch of a
   * stock take) with 'reversal' movements. The legs are locked first, so two reversals of one
   * operation queue and the second finds it reversed; the unique reverses_movement_id backs that up.
   */
  async reverse(caller: AuthUser, movementId: string, dto: ReverseStockMovementDto): Promise<StockTransactionResponseDto> {
    const scope = scopeCondition(caller.scope, LOCATION_SCOPE);
    try {
      return await inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
        const movement = await this.repository.findMovement(scope, movementId, manager);
        if (!movement) throw new NotFoundError('Stock movement');
        const legs = await this.repository.lockTransactionLegs(manager, movement.transaction_id);
        const refusal = reversalRefusal(legs);
        if (refusal === 'dispense') {
          throw new ConflictError('MOVEMENT_NOT_REVERSIBLE', 'Dispensed stock comes back through a pharmacy return, not a reversal');
        }
        if (refusal === 'reversal') {
          throw new ConflictError('MOVEMENT_NOT_REVERSIBLE', 'A reversal is final; record a new movement to correct it');
        }
        // Every leg must lie in the caller's jurisdiction: reversing the far leg of a transfer moves stock there.
        const locations = [...new Set(legs.map((l) => l.location_id))];
        if ((await this.repository.locationsInScope(scope, locations, manager)).length !== locations.length) throw new NotFoundError('Stock movement');
        if ((await this.repository.reversedAmong(manager, legs.map((l) => l.id))).length > 0) throw alreadyReversed();

        const batches = new Map((await this.repository.findBatches([...new Set(legs.map((l) => l.batch_id))], manager)).map((b) => [b.id, b]));
        await this.repository.lockOnHand(manager, legs.map((l) => ({ batchId: l.batch_id, locationId: l.location_id })));
        const transactionId = randomUUID();
        const reversing = reversalLegs(
          legs.map((l) => ({
            id: l.id,
            kind: l.kind,
            itemId: l.item_id,
            batchId: l.batch_id,
            locationId: l.location_id,
            quantity: Number(l.quantity),
            unitCost: l.unit_cost,
          })),
        );
        for (const leg of reversing) {
          const original = legs.find((l) => l.id === leg.reversesMovementId)!;
          const batch = batches.get(leg.batchId)!;
          const applied = await this.repository.record(
            manager,
            {
              id: randomUUID(),
              transactionId,
              kind: 'reversal',
              itemId: leg.itemId,
              batchId: leg.batchId,
              locationId: leg.locationId,
              quantity: leg.quantity,
              unitCost: leg.unitCost,
              reason: dto.reason,
              reversesMovementId: leg.reversesMovementId,
              referenceType: original.reference_type,
              referenceId: original.reference_id,
              performedBy: caller.id,
            },
            batch.expiry_date,
          );
          if (!applied) {
            const [row] = await this.repository.lockOnHand(manager, [{ batchId: leg.batchId, locationId: leg.locationId }]);
            throw new ConflictError('INSUFFICIENT_STOCK', `Reversing would take ${-leg.quantity} of lot ${batch.lot_number} where only ${Number(row?.quantity ?? 0)} is on hand`, [
              { field: 'id', message: `available: ${Number(row?.quantity ?? 0)}` },
            ]);
          }
        }
        return this.transaction(manager, transactionId);
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw alreadyReversed();
      throw error;
    }
  }

  // --- helpers ---

  private async batchOrFail(manager: EntityManager, id: string, field: string, problems: FieldError[]): Promise<BatchRow | null> {
    const [batch] = await this.repository.findBatches([id], manager);
    if (!batch) problems.push({ field, message: `${field} does not name a stock batch` });
    return batch ?? null;
  }

  /** Writes one movement of `batch`; the caller has checked (under lock) that a decrement fits. Returns its id. */
  private async record(
    manager: EntityManager,
    batch: BatchRow,
    movement: Omit<NewMovement, 'id' | 'itemId' | 'batchId'> & { kind: StockMovementKind },
  ): Promise<string> {
    const id = randomUUID();
    const applied = await this.repository.record(manager, { ...movement, id, itemId: batch.item_id, batchId: batch.id }, batch.expiry_date);
    if (!applied) throw insufficient(0, -movement.quantity);
    return id;
  }

  private async transaction(manager: EntityManager, transactionId: string): Promise<StockTransactionResponseDto> {
    return toStockTransactionResponse(transactionId, await this.repository.movementsOfTransaction(transactionId, manager));
  }
}

function controlledItem(): ConflictError {
  return new ConflictError(
    'CONTROLLED_ITEM',
    'Schedule 5 and 6 medicines leave stock only by dispensing a prescription, which writes the controlled-drug register',
  );
}

function batchExpired(batch: BatchRow): ConflictError {
  return new ConflictError('BATCH_EXPIRED', `Lot ${batch.lot_number} expired on ${batch.expiry_date} and cannot be used or moved`, [
    { field: 'batchId', message: `lot ${batch.lot_number} expired ${batch.expiry_date}` },
  ]);
}

function alreadyReversed(): ConflictError {
  return new ConflictError('MOVEMENT_ALREADY_REVERSED', 'This operation has already been reversed');
}
