import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StockAlertsModule } from './alerts/stock-alerts.module';
import { AssetEntity, AssetMaintenanceLogEntity, AssetMaintenanceScheduleEntity } from './assets/asset.entity';
import { AssetRepository } from './assets/asset.repository';
import { AssetsController } from './assets/assets.controller';
import { AssetsService } from './assets/assets.service';
import { CatalogueRepository } from './catalogue/catalogue.repository';
import { CatalogueService } from './catalogue/catalogue.service';
import { InventoryItemsController } from './catalogue/inventory-items.controller';
import { StockLocationsController } from './catalogue/stock-locations.controller';
import { SuppliersController } from './catalogue/suppliers.controller';
import { InventoryItemEntity, StockLevelEntity, StockLocationEntity, SupplierEntity } from './inventory.entity';
import { StockBatchEntity, StockMovementEntity, StockOnHandEntity, StockTakeEntity, StockTakeLineEntity } from './stock.entity';
import { StockController } from './stock.controller';
import { StockRepository } from './stock.repository';
import { StockService } from './stock.service';
import { StockOperationsService } from './stock-operations.service';
import { StockReportsService } from './stock-reports.service';

/** Inventory: items, suppliers, stock locations, the stock ledger and on-hand; assets; stock alerts. */
@Module({
  imports: [
    StockAlertsModule,
    TypeOrmModule.forFeature([
      InventoryItemEntity,
      SupplierEntity,
      StockLocationEntity,
      StockLevelEntity,
      StockBatchEntity,
      StockOnHandEntity,
      StockMovementEntity,
      StockTakeEntity,
      StockTakeLineEntity,
      AssetEntity,
      AssetMaintenanceScheduleEntity,
      AssetMaintenanceLogEntity,
    ]),
  ],
  controllers: [InventoryItemsController, SuppliersController, StockLocationsController, AssetsController, StockController],
  providers: [CatalogueRepository, CatalogueService, AssetRepository, AssetsService, StockRepository, StockService, StockOperationsService, StockReportsService],
  exports: [StockService, CatalogueService],
})
export class InventoryModule {}
