// The warehouse system (WMS): stock by SKU list, order push with pick numbers.
export { WmsClient, type WmsClientOptions, type WmsStockItem, type WmsPickTicket } from './wms-client.ts';
export { WmsError, WMS_ERROR_CODES, type WmsErrorCode, type WmsErrorKind } from './wms-error.ts';
