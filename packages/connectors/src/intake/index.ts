// Intake: the pull loop (windows, cursor, retries, dead letters, run log) and the sink contract.
export { channelSettings, CHANNEL_DEFAULTS, type ChannelSettings } from './channel-settings.ts';
export { pullConnector, splitWindows, type PullOptions } from './pull-connector.ts';
export { MemoryIntakeState, nextFailure, zeroCounts, addCounts, type IntakeStateStore, type IntakeRun, type IntakeCounts, type FailedWindow } from './intake-state.ts';
export { MemoryOrderSink, latestPerKey, type OrderSink, type SinkOutcome, type SinkError } from './order-sink.ts';
export { signWebhook, verifyWebhook, parseWebhookOrders, WebhookError, type WebhookOrder } from './order-webhook.ts';
export { readOrderFileRows, ordersFromRows, writeOrderFile, ORDER_FILE_COLUMNS, type OrderFileError } from './order-file.ts';
