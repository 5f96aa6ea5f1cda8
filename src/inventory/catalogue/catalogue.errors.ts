import { ConflictError } from '../../common/errors/domain-errors';

export const itemCodeTaken = () => new ConflictError('INVENTORY_ITEM_CODE_TAKEN', 'An inventory item with this code already exists', [{ field: 'code', message: 'code is taken' }]);
export const itemVersionConflict = () => new ConflictError('INVENTORY_ITEM_VERSION_CONFLICT', 'The item was changed by someone else; reload it and try again');
export const supplierNameTaken = () => new ConflictError('SUPPLIER_NAME_TAKEN', 'A supplier with this name already exists', [{ field: 'name', message: 'name is taken' }]);
export const supplierVersionConflict = () => new ConflictError('SUPPLIER_VERSION_CONFLICT', 'The supplier was changed by someone else; reload it and try again');
export const locationCodeTaken = () => new ConflictError('STOCK_LOCATION_CODE_TAKEN', 'A stock location with this code already exists', [{ field: 'code', message: 'code is taken' }]);
