import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuditResource } from '../common/audit/audit.decorators';
import { CurrentUser, RequirePermissions } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { Permission } from '../common/auth/permissions';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { IdParam } from '../common/http/id-param';
import { ApiPageResponse, Page } from '../common/pagination/pagination';
import {
  AdjustStockDto,
  IssueStockDto,
  LedgerCheckResponseDto,
  LocationFilterQueryDto,
  OnHandQueryDto,
  OnHandResponseDto,
  ReceiveStockDto,
  RecordStockTakeDto,
  ReverseStockMovementDto,
  StockBatchQueryDto,
  StockBatchResponseDto,
  StockMovementQueryDto,
  StockMovementResponseDto,
  StockTakeResponseDto,
  StockTransactionResponseDto,
  StockValueResponseDto,
  TransferStockDto,
  WriteOffStockDto,
} from './stock.dto';
import { StockOperationsService } from './stock-operations.service';
import { StockReportsService } from './stock-reports.service';

const NO_LOCATION = { description: 'No such stock location (or inactive), or it is outside your jurisdiction', type: ErrorResponseDto };
const BAD_FIELDS = { description: 'Invalid fields, or an itemId / batchId / supplierId that names nothing', type: ErrorResponseDto };
const SHORT = { description: 'INSUFFICIENT_STOCK: not enough usable on hand (details give what is available); nothing was written', type: ErrorResponseDto };

@ApiTags('Inventory')
@AuditResource('stock')
@Controller('inventory')
export class StockController {
  constructor(
    private readonly operations: StockOperationsService,
    private readonly reports: StockReportsService,
  ) {}

  @Post('stock')
  @RequirePermissions(Permission.InventoryAdjust)
  @ApiOperation({ summary: 'Record stock received (a receipt): finds or creates the batch by item and lot' })
  @ApiCreatedResponse({ type: StockTransactionResponseDto })
  @ApiBadRequestResponse(BAD_FIELDS)
  @ApiNotFoundResponse(NO_LOCATION)
  @ApiConflictResponse({ description: 'BATCH_EXPIRY_MISMATCH: the lot exists with another expiry date', type: ErrorResponseDto })
  receiveStock(@CurrentUser() caller: AuthUser, @Body() dto: ReceiveStockDto): Promise<StockTransactionResponseDto> {
    return this.operations.receive(caller, dto);
  }

  @Post('issues')
  @RequirePermissions(Permission.InventoryIssue)
  @ApiOperation({ summary: 'Record consumables used (from a batch, or first-expiry-first-out), optionally in a visit' })
  @ApiCreatedResponse({ type: StockTransactionResponseDto })
  @ApiBadRequestResponse(BAD_FIELDS)
  @ApiNotFoundResponse(NO_LOCATION)
  @ApiConflictResponse({
    description: `${SHORT.description}; BATCH_EXPIRED: the named batch has expired; CONTROLLED_ITEM: a schedule 5 or 6 medicine (dispense it instead)`,
    type: ErrorResponseDto,
  })
  issueStock(@CurrentUser() caller: AuthUser, @Body() dto: IssueStockDto): Promise<StockTransactionResponseDto> {
    return this.operations.issue(caller, dto);
  }

  @Post('transfers')
  @RequirePermissions(Permission.InventoryAdjust)
  @ApiOperation({ summary: 'Move a batch between two stock locations (two legs, one transaction)' })
  @ApiCreatedResponse({ type: StockTransactionResponseDto })
  @ApiBadRequestResponse(BAD_FIELDS)
  @ApiNotFoundResponse(NO_LOCATION)
  @ApiConflictResponse({ description: `${SHORT.description}; BATCH_EXPIRED: expired stock is never moved`, type: ErrorResponseDto })
  transferStock(@CurrentUser() caller: AuthUser, @Body() dto: TransferStockDto): Promise<StockTransactionResponseDto> {
    return this.operations.transfer(caller, dto);
  }

  @Post('adjustments')
  @RequirePermissions(Permission.InventoryAdjust)
  @ApiOperation({ summary: "Correct a batch's on-hand at a location up or down, with a reason" })
  @ApiCreatedResponse({ type: StockTransactionResponseDto })
  @ApiBadRequestResponse(BAD_FIELDS)
  @ApiNotFoundResponse(NO_LOCATION)
  @ApiConflictResponse(SHORT)
  adjustStock(@CurrentUser() caller: AuthUser, @Body() dto: AdjustStockDto): Promise<StockTransactionResponseDto> {
    return this.operations.adjust(caller, dto);
  }

  @Post('write-offs')
  @RequirePermissions(Permission.InventoryAdjust)
  @ApiOperation({ summary: 'Write stock off as expired, damaged or lost' })
  @ApiCreatedResponse({ type: StockTransactionResponseDto })
  @ApiBadRequestResponse(BAD_FIELDS)
  @ApiNotFoundResponse(NO_LOCATION)
  @ApiConflictResponse({ description: `${SHORT.description}; BATCH_NOT_EXPIRED: reason 'expired' for a batch that has not expired`, type: ErrorResponseDto })
  writeOffStock(@CurrentUser() caller: AuthUser, @Body() dto: WriteOffStockDto): Promise<StockTransactionResponseDto> {
    return this.operations.writeOff(caller, dto);
  }

  @Post('stock-takes')
  @RequirePermissions(Permission.InventoryAdjust)
  @ApiOperation({ summary: 'Record a stock take: a count sheet in, one correcting movement per batch that differs out' })
  @ApiCreatedResponse({ type: StockTakeResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid fields, a batch counted twice, or a batchId that names nothing', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_LOCATION)
  recordStockTake(@CurrentUser() caller: AuthUser, @Body() dto: RecordStockTakeDto): Promise<StockTakeResponseDto> {
    return this.operations.recordStockTake(caller, dto);
  }

  @Get('stock-takes/:id')
  @RequirePermissions(Permission.InventoryRead)
  @ApiOperation({ summary: 'A stock take with its lines and corrections' })
  @ApiOkResponse({ type: StockTakeResponseDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'No such stock take, or its location is outside your jurisdiction', type: ErrorResponseDto })
  getStockTake(@CurrentUser() caller: AuthUser, @IdParam() id: string): Promise<StockTakeResponseDto> {
    return this.reports.getStockTake(caller, id);
  }

  @Post('movements/:id/reversal')
  @RequirePermissions(Permission.InventoryAdjust)
  @ApiOperation({ summary: 'Reverse the whole operation a movement belongs to (e.g. both legs of a transfer)' })
  @ApiCreatedResponse({ type: StockTransactionResponseDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID, or invalid fields', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'No such movement, or one of its locations is outside your jurisdiction', type: ErrorResponseDto })
  @ApiConflictResponse({
    description:
      'MOVEMENT_ALREADY_REVERSED; MOVEMENT_NOT_REVERSIBLE (a dispense or a reversal); INSUFFICIENT_STOCK: the stock it would take back has been used',
    type: ErrorResponseDto,
  })
  reverseStockMovement(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: ReverseStockMovementDto): Promise<StockTransactionResponseDto> {
    return this.operations.reverse(caller, id, dto);
  }

  @Get('movements')
  @RequirePermissions(Permission.InventoryRead)
  @ApiOperation({ summary: 'The stock ledger, newest first' })
  @ApiPageResponse(StockMovementResponseDto)
  @ApiBadRequestResponse({ description: 'Invalid filters or paging', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_LOCATION)
  listStockMovements(@CurrentUser() caller: AuthUser, @Query() query: StockMovementQueryDto): Promise<Page<StockMovementResponseDto>> {
    return this.reports.listMovements(caller, query);
  }

  @Get('on-hand')
  @RequirePermissions(Permission.InventoryRead)
  @ApiOperation({ summary: 'On-hand by item and location: usable and expired quantity, reorder level, nearest expiry' })
  @ApiPageResponse(OnHandResponseDto)
  @ApiBadRequestResponse({ description: 'Invalid filters or paging', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_LOCATION)
  listOnHand(@CurrentUser() caller: AuthUser, @Query() query: OnHandQueryDto): Promise<Page<OnHandResponseDto>> {
    return this.reports.listOnHand(caller, query);
  }

  @Get('batches')
  @RequirePermissions(Permission.InventoryRead)
  @ApiOperation({ summary: 'Batches on hand per location with lot, expiry and unit cost, earliest expiry first' })
  @ApiPageResponse(StockBatchResponseDto)
  @ApiBadRequestResponse({ description: 'Invalid filters or paging', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_LOCATION)
  listStockBatches(@CurrentUser() caller: AuthUser, @Query() query: StockBatchQueryDto): Promise<Page<StockBatchResponseDto>> {
    return this.reports.listBatches(caller, query);
  }

  @Get('stock-value')
  @RequirePermissions(Permission.InventoryRead)
  @ApiOperation({ summary: 'Value of stock on hand (on-hand × unit cost) per location and overall' })
  @ApiOkResponse({ type: StockValueResponseDto })
  @ApiBadRequestResponse({ description: 'locationId is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_LOCATION)
  getStockValue(@CurrentUser() caller: AuthUser, @Query() query: LocationFilterQueryDto): Promise<StockValueResponseDto> {
    return this.reports.stockValue(caller, query);
  }

  @Get('ledger-check')
  @RequirePermissions(Permission.InventoryRead)
  @ApiOperation({ summary: 'Proves on-hand equals the sum of the ledger for every batch and location in scope' })
  @ApiOkResponse({ type: LedgerCheckResponseDto })
  @ApiBadRequestResponse({ description: 'locationId is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_LOCATION)
  checkLedger(@CurrentUser() caller: AuthUser, @Query() query: LocationFilterQueryDto): Promise<LedgerCheckResponseDto> {
    return this.reports.checkLedger(caller, query);
  }
}
