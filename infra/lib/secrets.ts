import { RemovalPolicy } from 'aws-cdk-lib'
import { Secret } from 'aws-cdk-lib/aws-secretsmanager'
import { Construct } from 'constructs'

export class Secrets extends Construct {
  /** HMAC key that signs session tokens. */
  readonly session: Secret
  /** WeChat mini-program credentials `{ appId, appSecret }`. */
  readonly wechat: Secret

  constructor(scope: Construct, id: string, props: { names?: { session: string; wechat: string }; retain?: boolean } = {}) {
    super(scope, id)
    this.session = new Secret(this, 'Session', {
      ...(props.names ? { secretName: props.names.session } : {}),
      description: 'Shouhu session signing key',
      // Replacing it would sign every user out; kept with the stage's data.
      removalPolicy: (props.retain ?? true) ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    })
    // Operators replace both values with the mini-program's real credentials after the first deploy;
    // retained so a stack replacement does not wipe what they entered.
    this.wechat = new Secret(this, 'Wechat', {
      // Named so `npm run set-wechat-secret -- --stage <name>` finds it (functions/src/ops/set-wechat-secret.ts).
      ...(props.names ? { secretName: props.names.wechat } : {}),
      description: 'Shouhu WeChat mini-program credentials {appId, appSecret}: fill in by hand',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ appId: 'REPLACE_WITH_APP_ID' }),
        generateStringKey: 'appSecret',
        excludePunctuation: true,
      },
      removalPolicy: (props.retain ?? true) ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    })
  }
}
