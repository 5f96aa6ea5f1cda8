import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user';
import { scopeCondition } from '../common/auth/jurisdiction';
import { NotFoundError, ValidationFailedError } from '../common/errors/domain-errors';
import { Page, pageOf } from '../common/pagination/pagination';
import { clinicToday } from '../common/time/clinic-date';
import {
  LedgerCheckResponseDto,
  LocationFilterQueryDto,
  OnHandQueryDto,
  OnHandResponseDto,
  StockBatchQueryDto,
  StockBatchResponseDto,
  StockMovementQueryDto,
  StockMovementResponseDto,
  StockTakeResponseDto,
  StockValueResponseDto,
  toLedgerCheckResponse,
  toOnHandResponse,
  toStockBatchResponse,
  toStockMovementResponse,
  toStockTakeResponse,
  toStockValueResponse,
} from './stock.dto';
import { LOCATION_SCOPE, StockRepository } from './stock.repository';
import { addDays } from './stock-rules';

/** The clinics' calendar is UTC+2 all year: a day starts at 22:00 UTC the evening before. */
const dayStartUtc = (date: string) => new Date(`${date}T00:00:00+02:00`);

const MAX_LEDGER_MISMATCHES = 100;

/** Reads of the ledger and of on-hand, always within the caller's jurisdiction. */
@Injectable()
export class StockReportsService {
  constructor(private readonly repository: StockRepository) {}

  async listMovements(caller: AuthUser, query: StockMovementQueryDto): Promise<Page<StockMovementResponseDto>> {
    if (query.from && query.to && query.from > query.to) throw new ValidationFailedError([{ field: 'to', message: 'to must not be before from' }]);
    const scope = await this.scopeWithLocation(caller, query.locationId);
    const [rows, total] = await this.repository.listMovements(
      scope,
      {
        locationId: query.locationId,
        itemId: query.itemId,
        batchId: query.batchId,
        kind: query.kind,
        from: query.from ? dayStartUtc(query.from) : undefined,
        to: query.to ? dayStartUtc(addDays(query.to, 1)) : undefined,
      },
      query.offset,
      query.perPage,
    );
    return pageOf(rows.map(toStockMovementResponse), total, query);
  }

  async listOnHand(caller: AuthUser, query: OnHandQueryDto): Promise<Page<OnHandResponseDto>> {
    const scope = await this.scopeWithLocation(caller, query.locationId);
    const [rows, total] = await this.repository.onHandSummary(
      scope,
      { locationId: query.locationId, itemId: query.itemId, belowReorder: query.belowReorder },
      clinicToday(),
      query.offset,
      query.perPage,
    );
    return pageOf(rows.map(toOnHandResponse), total, query);
  }

  async listBatches(caller: AuthUser, query: StockBatchQueryDto): Promise<Page<StockBatchResponseDto>> {
    const scope = await this.scopeWithLocation(caller, query.locationId);
    const today = clinicToday();
    const [rows, total] = await this.repository.batchesOnHand(
      scope,
      {
        locationId: query.locationId,
        itemId: query.itemId,
        expiringBy: query.expiringWithinDays === undefined ? undefined : addDays(today, query.expiringWithinDays),
        includeEmpty: query.includeEmpty ?? false,
      },
      today,
      query.offset,
      query.perPage,
    );
    return pageOf(
      rows.map((r) => toStockBatchResponse(r, today)),
      total,
      query,
    );
  }

  async stockValue(caller: AuthUser, query: LocationFilterQueryDto): Promise<StockValueResponseDto> {
    const scope = await this.scopeWithLocation(caller, query.locationId);
    return toStockValueResponse(await this.repository.stockValue(scope, query.locationId, clinicToday()));
  }

  async checkLedger(caller: AuthUser, query: LocationFilterQueryDto): Promise<LedgerCheckResponseDto> {
    const scope = await this.scopeWithLocation(caller, query.locationId);
    return toLedgerCheckResponse(await this.repository.ledgerCheck(scope, query.locationId, MAX_LEDGER_MISMATCHES));
  }

  async getStockTake(caller: AuthUser, id: string): Promise<StockTakeResponseDto> {
    const found = await this.repository.findStockTake(scopeCondition(caller.scope, LOCATION_SCOPE), id);
    if (!found) throw new NotFoundError('Stock take');
    return toStockTakeResponse(found.take, found.lines);
  }

  /** The caller's scope; a location filter outside it is a 404, like an unknown location. */
  private async scopeWithLocation(caller: AuthUser, locationId: string | undefined) {
    const scope = scopeCondition(caller.scope, LOCATION_SCOPE);
    if (locationId && !(await this.repository.findLocation(scope, locationId))) throw new NotFoundError('Stock location');
    return scope;
  }
}
