// A build matrix in the Gantry DSL: every combination of architecture and JDK becomes one action, named
// build_<arch>_<jdk> (build_amd64_17, build_amd64_21, build_arm64_17, build_arm64_21), and a summary waits for all
// of them. Run it:     ./gantry run examples/dsl-matrix/.gantry/workflows/matrix.groovy
// (the arm64 half needs an arm64 runner: on an amd64 machine, qemu in binfmt_misc and a Docker engine, see
// docs/runners.md; without one, add --action build_amd64_17 --action build_amd64_21)
// Export it:           ./gantry export examples/dsl-matrix/.gantry/workflows/matrix.groovy -o matrix.yaml
// (.codecatalyst/workflows/matrix.yaml next to this folder is that export, for the hosted service.)

def archs = ['amd64', 'arm64']
def jdks = [17, 21]
def fleets = [amd64: 'Linux.x86-64.Large', arm64: 'Linux.Arm64.Large']

workflow('matrix') {
    trigger push(branches: ['main'])
    trigger pullRequest(events: ['OPEN', 'REVISION'], branches: ['main'])

    def builds = matrix('build', arch: archs, jdk: jdks) { Map<String, String> axes ->
        identifier 'aws/build@v1'
        compute type: 'EC2', fleet: fleets[axes.arch]
        timeout 30
        inputs {
            sources 'WorkflowSource'
            variable 'ARCH', axes.arch
            variable 'JDK', axes.jdk
        }
        outputs {
            artifact "report_${axes.arch}_${axes.jdk}", files: ['out/**/*']
            variables 'RESULT'
        }
        configuration {
            container registry: 'DockerHub', image: "eclipse-temurin:${axes.jdk}-jdk"
            steps {
                sh 'mkdir -p out'
                sh 'echo "built on $(uname -m) for $ARCH with JDK $JDK" > out/build-$ARCH-$JDK.txt'
                sh 'RESULT="$ARCH/jdk$JDK ok"'
            }
        }
    }

    action('summary') {
        identifier 'aws/build@v1'
        dependsOn builds
        inputs {
            sources 'WorkflowSource'
            builds.each { build ->
                variable "RESULT_${build}", "\${${build}.RESULT}"   // ${build_amd64_17.RESULT}: the shell never sees it
            }
        }
        configuration {
            steps {
                sh 'env | grep ^RESULT_ | sort'
                sh "echo '${builds.size()} combinations built'"
            }
        }
    }
}
