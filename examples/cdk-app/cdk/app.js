// A minimal CDK app (examples/cdk-app): it writes its cloud assembly (one stack, one S3 bucket named by the
// "bucketName" context value) itself, as aws-cdk-lib would, so it needs only the CDK CLI, not aws-cdk-lib.
const fs = require('fs');
const path = require('path');
const out = process.env.CDK_OUTDIR;
const context = JSON.parse(process.env.CDK_CONTEXT_JSON || '{}');
const stack = context.stackName || 'GantryCdkDemo';
fs.mkdirSync(out, {recursive: true});
fs.writeFileSync(path.join(out, stack + '.template.json'), JSON.stringify({
  Resources: {Site: {Type: 'AWS::S3::Bucket', Properties: {BucketName: context.bucketName || 'gantry-cdk-demo'}}},
  Outputs: {SiteBucket: {Value: {Ref: 'Site'}}},
}, null, 1));
fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({
  version: '36.0.0',
  artifacts: {[stack]: {type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region',
                        properties: {templateFile: stack + '.template.json'}}},
}));
