// @statecraft/connectors: channel, carrier, WMS and messenger clients. Sandboxes: @statecraft/connectors/sandboxes.

// Messengers (DingTalk, WeCom, SMTP)
export * from './messengers/index.ts';

// Channels (Taobao/Tmall, JD, Pinduoduo, WeChat Channels, Douyin) and the order intake
export * from './channels/index.ts';
export { CREDENTIAL_FIELDS } from './channels/create-channel-client.ts';
export * from './intake/index.ts';

// The warehouse system (WMS): stock sync and order push
export * from './wms/index.ts';
