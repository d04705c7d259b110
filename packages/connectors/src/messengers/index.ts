// Messengers: DingTalk and WeCom group robots, e-mail over SMTP.
export { DingTalkRobot, dingtalkSign, DINGTALK_THROTTLED, DINGTALK_SIGN_ERROR, DINGTALK_BAD_TOKEN, DINGTALK_THROTTLE_MS, type DingTalkRobotOptions } from './dingtalk-robot.ts';
export { WeComRobot, WECOM_RATE_LIMITED, WECOM_BAD_KEY, WECOM_MARKDOWN_MAX_BYTES, type WeComRobotOptions } from './wecom-robot.ts';
export { SmtpMailer, type SmtpMailerOptions } from './smtp-mailer.ts';
export { MessengerError, isMessengerError, type MessengerErrorCode } from './messenger-error.ts';
export { truncateUtf8, type Messenger, type MessengerMessage, type FetchLike } from './messenger.ts';
export { RobotRateLimit } from './robot-rate-limit.ts';
export { parseMessengerConfig, MESSENGER_PLATFORMS, type MessengerConfig, type MessengerPlatform } from './messenger-config.ts';
export { messengerCredentials, DEMO_MESSENGER_CREDENTIALS, type MessengerCredentials } from './messenger-credentials.ts';
export { createMessenger } from './create-messenger.ts';
