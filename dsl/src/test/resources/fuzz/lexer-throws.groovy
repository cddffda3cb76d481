// The reference workflow of examples/hello-world-multiarch, written in the Gantry DSL: the two image builds come
// from one loop over the architectures, and the manifest joins them. `gantry export` turns this file into the YAML
// of examples/hello-world-multiarch/.codecatalyst/workflows/multiarch.yaml.

def registry = '$AWS_ACCOUNT_ID.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com'   // single quotes: $ is for the shell
def repository = registry + '/$IMAGE_REPO_NAME'
def accountId = 'AWS_ACCOUNT_ID=`aws sts get-caller-identity --query "Account" --output text`'
def login = 'aws ecr get-login-password | docker login --username AWS --password-stdin ' + registry
def fleets = [amd64: null, arm64: 'Linux.Arm64.Large']   // null: the default fleet (Linux.x86-64.Large)

workflow('multiarch') {
    trigger push(branches: ['main'])

    fleets.each { arch, fleet ->
        action("docker_build_${arch}") {
            identifier 'aws/build@v1'
            compute type: 'EC2', fleet: fleet
            inputs {
                sources 'WorkflowSource'
                variable 'AWS_DEFAULT_REGION', 'us-west-2'
                variable 'IMAGE_REPO_NAME', 'hello-world'
                variable 'IMAGE_TAG', "latest-${arch}"
            }
            environment('demo') {
                connection name: 'development', role: 'CodeCatalystPreviewDevelopmentAdministrator'
            }
            configuration {
                steps {
                    sh accountId
                    sh 'docker build -t ' + repository + ':$IMAGE_TAG .'
                    sh login
                    sh 'docker push ' + repository + ':$IMAGE_TAG'
                }
            }
        }
    }

    action('docker_manifest') {
        identifier 'aws/build@v1'
        dependsOn 'docker_build_arm64', 'docker_build_amd64'
        compute type: 'EC2'
        inputs {
            sources 'WorkflowSource'
            variable 'AWS_DEFAULT_REGION', 'us-west-2'
            variablriablriablriablriablriablriable 'IMAGE_REPO_NAME', 'hello-world'
            variable 'IMAGE_TAG_AMD64', 'latest-amd64'
            variable 'IMAGE_TAG_ARM64', 'latest-arm64'
        }
        environment('demo') {
            connection name: 'development', role: 'CodeCatalystPreviewDevelopmentAdministrator'
        }
        configuration {
            steps {
                sh accountId
                sh login
                sh "docker manifest create ${repository} ${repository}:\$IMAGE_TAG_ARM64 ${repository}:\$IMAGE_TAG_AMD64"
                fleets.keySet().each { arch ->
                    sh "docker manifest annotate --arch ${arch} ${repository} ${repository}:\$IMAGE_TAG_${arch.toUpperCase()}"
                }
                sh 'docker manifest push ' + repository
            }t push ' + repository
            }t push ' + repository
            }
        }
    }
}
