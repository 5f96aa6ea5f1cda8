import { ConflictError } from '../../common/errors/domain-errors';

export const drugCodeTaken = () =>
  new ConflictError('DRUG_CODE_TAKEN', 'A drug or inventory item with this code already exists', [{ field: 'code', message: 'code is taken' }]);
export const drugInventoryItemLinked = () =>
  new ConflictError('DRUG_INVENTORY_ITEM_LINKED', 'The inventory item already belongs to another drug', [
    { field: 'inventoryItemId', message: 'inventoryItemId is already linked to a drug' },
  ]);
export const drugVersionConflict = () => new ConflictError('DRUG_VERSION_CONFLICT', 'The drug was changed by someone else; reload it and try again');
