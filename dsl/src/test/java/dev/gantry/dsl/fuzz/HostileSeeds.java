package dev.gantry.dsl.fuzz;

import java.util.List;

/** The inputs of issue 11 (and their kin), as seeds of the fuzzing harness. */
final class HostileSeeds {
    private HostileSeeds() {
    }

    private static final String ACTION = "workflow('w') {\n  action('A') {\n    identifier 'aws/build@v1'\n"
            + "    inputs { sources 'WorkflowSource' }\n";

    static final List<String> YAML = List.of(
            "Name: \"w\u2028x\"\nSchemaVersion: \"1.0\"\nActions:\n  Build:\n    Identifier: aws/build@v1\n"
                    + "    Timout: 5\n    Configuration:\n      Steps:\n        - Run: \"echo \u0085\"\n",
            "Name: w\nSchemaVersion: \"1.0\"\nActions:\n  A:\n    Identifier: aws/build@v1\n"
                    + "    DependsOn: [B, null]\n    Inputs:\n      Sources: [WorkflowSource, null]\n"
                    + "    Outputs:\n      Artifacts:\n        - Name: a\n          Files: [null]\n"
                    + "    Configuration:\n      Steps:\n        - Run: \"end with newline\\n\\n\"\n"
                    + "  B:\n    Identifier: aws/build@v1\n    Configuration:\n      Steps:\n        - Run: x\n",
            "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                    + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nName: w\nActions:\n  A:\n    <<: *c\n",
            "Name: w\nSchemaVersion: \"1.0\"\nCompute:\n  Type: Lambda\nActions:\n  D:\n"
                    + "    Identifier: aws/cdk-deploy@v2\n    Compute:\n      Type: Lambda\n"
                    + "    Environment:\n      Name: prod\n    Configuration:\n      StackName: s\n",
            "[".repeat(60) + "]".repeat(60) + "\n");

    static final List<String> GROOVY = List.of(
            "def x = 'a'" + " + 'a'".repeat(300) + "\n" + ACTION
                    + "    configuration { steps { sh x.take(3) } }\n  }\n}\n",
            "def x = [1]" + ".collect { it }".repeat(50) + "\n" + ACTION
                    + "    configuration { steps { sh x.toString() } }\n  }\n}\n",
            "def x = " + "null ?: ".repeat(300) + "'a'\n" + ACTION + "    configuration { steps { sh x } }\n  }\n}\n",
            "def big = 'x' * 200000\n" + ACTION + "    configuration { steps {\n"
                    + "      (1..20).each { sh big }\n    } }\n  }\n}\n",
            ACTION + "    configuration {\n      property 'X', (1..25000).toList()\n    }\n  }\n}\n",
            ACTION + "    dependsOn 'B', null\n    outputs { variables 'X', null; artifact 'a', files: [null] }\n"
                    + "    caching { fileCache 'c', path: 'p', restoreKeys: [null] }\n"
                    + "    configuration { steps { sh 'end with newline\\n\\n' } }\n  }\n"
                    + "  matrix('m', a: [null, 1]) { axes ->\n    identifier 'aws/build@v1'\n  }\n}\n",
            "workflow('w') {\n  action('A') {\n    configuration { steps { sh \"echo !${1+2} } }\n"
                    + "    ef m = 1\n  }\n}\n");

    static final List<String> CONFIG = List.of(
            "environments:\n  demo:\n    profile: p\n    region: eu-west-1\n    connections:\n"
                    + "      acct: {accountId: '123456789012'}\nrunners:\n  - name: arm\n    kind: container\n"
                    + "    architecture: arm64\n    image: alpine\n    capacity: 2\ncache:\n  dir: .cache\n"
                    + "  maxSize: 1GB\nsecrets:\n  secretsManager:\n    region: us-east-1\n    prefix: gantry/\n",
            "base: &base {profile: p, region: eu-west-1}\nenvironments:\n  demo:\n    <<: *base\n"
                    + "    region: us-east-1\n",
            "runners:\n  - {name: x, kind: ssh, host: h, user: u, port: 22, identityFile: ~/.ssh/id}\n"
                    + "  - {name: x, kind: local}\ncache:\n  dir: a\n  dir: b\n");
}
