import { App } from 'aws-cdk-lib'
import { STACK_NAME, ShouhuStack } from '../lib/shouhu-stack.js'

new ShouhuStack(new App(), STACK_NAME)
