package dev.parley.devstack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each of {@link TerraformChecks} finds what it is for, on small trees in the form hcl2json gives
 * (so {@code TerraformFilesIT} passing means something), and stays quiet on the correct version.
 */
class TerraformChecksTest {
    private static final String SERVICE_MODULE = """
            "modules/service/variables.tf": {"variable": {
              "name": [{"type": "${string}", "description": "d", "validation": [{"condition": "${true}", "error_message": "e"}]}],
              "service": [{"type": "${string}", "description": "d", "validation": [{"condition": "${true}", "error_message": "e"}]}],
              "environment": [{"type": "${map(string)}", "description": "d", "default": {}}],
              "secrets": [{"type": "${map(string)}", "description": "d", "default": {}}],
              "db_password": [{"type": "${string}", "description": "d", "default": null,
                               "validation": [{"condition": "${true}", "error_message": "e"}]}]
            }},
            "modules/service/versions.tf": {"terraform": [{"required_version": ">= 1.9",
              "required_providers": [{"aws": {"source": "hashicorp/aws", "version": "~> 6.0"}}]}]}
            """;

    private static TerraformTree tree(String environment) {
        return TerraformTree.of("{\"files\": {" + SERVICE_MODULE + ", \"environments/staging/main.tf\": "
                + environment + "}}");
    }

    private static final String GOOD_CALL = """
            {"terraform": [{"required_version": ">= 1.9"}],
             "module": {"edge": [{"source": "../../modules/service", "name": "edge", "service": "edge",
               "environment": {"PARLEY_EDGE_HTTP_HOST": "0.0.0.0"}, "secrets": {"PARLEY_REDIS_PASSWORD": "${arn}"}}],
               "vpc": [{"source": "terraform-aws-modules/vpc/aws", "version": "6.0.1", "name": "x"}]},
             "output": {"url": [{"description": "the chat URL", "value": "${x}"}]}}
            """;
    private static final Map<String, Set<String>> SETTINGS =
            Map.of("edge", Set.of("PARLEY_EDGE_HTTP_HOST", "PARLEY_REDIS_PASSWORD"), "auth", Set.of("PARLEY_DB_PASSWORD"));

    @Test
    void aCorrectTreeHasNoProblems() {
        TerraformTree good = tree(GOOD_CALL);
        assertThat(TerraformChecks.variables(good)).isEmpty();
        assertThat(TerraformChecks.moduleCalls(good)).isEmpty();
        assertThat(TerraformChecks.versions(good)).isEmpty();
        assertThat(TerraformChecks.serviceSettings(good, SETTINGS)).isEmpty();
        assertThat(TerraformChecks.outputs(good)).isEmpty();
        assertThat(TerraformChecks.references(good)).isEmpty();
    }

    @Test
    void untypedUndescribedUnvalidatedAndSecretDefaultedVariablesAreFound() {
        TerraformTree t = tree("""
                {"variable": {"a": [{"description": "d"}], "b": [{"type": "${number}", "description": " "}],
                 "api_token": [{"type": "${list(string)}", "description": "d", "default": ["hunter2"]}]}}
                """);
        assertThat(TerraformChecks.variables(t)).containsExactlyInAnyOrder(
                "environments/staging/main.tf: variable a has no type",
                "environments/staging/main.tf: variable b has no description",
                "environments/staging/main.tf: variable b (${number}) has no validation",
                "environments/staging/main.tf: variable api_token looks like a secret and has a default");
    }

    @Test
    void aModuleCallPassingAnUndeclaredVariableOrMissingARequiredOneOrAMissingDirectoryIsFound() {
        TerraformTree t = tree("""
                {"module": {"edge": [{"source": "../../modules/service", "name": "edge", "colour": "blue"}],
                            "gone": [{"source": "../../modules/nowhere"}]}}
                """);
        assertThat(TerraformChecks.moduleCalls(t)).containsExactlyInAnyOrder(
                "environments/staging/main.tf: module edge passes colour, which modules/service does not declare",
                "environments/staging/main.tf: module edge does not pass service, which modules/service requires",
                "environments/staging/main.tf: module gone: source ../../modules/nowhere is not a directory of terraform/");
    }

    @Test
    void referencesToAMissingVariableLocalModuleOrModuleOutputAreFoundButProseIsNot() {
        TerraformTree t = TerraformTree.of("""
                {"files": {"modules/service/outputs.tf": {"output": {"arn": [{"description": "d", "value": "${x}"}]}},
                 "environments/staging/main.tf": {
                   "locals": [{"name": "parley-${var.environment}"}],
                   "variable": {"environment": [{"type": "${string}", "description": "mentions var.nothing"}]},
                   "module": {"edge": [{"source": "../../modules/service", "name": "${local.name}"}]},
                   "output": {"a": [{"value": "${module.edge.arn} ${module.edge.url} ${module.auth.arn}"}],
                              "b": [{"value": "${local.nme}-${var.enviroment}"}]}}}}
                """);
        assertThat(TerraformChecks.references(t)).containsExactly(
                "environments/staging/main.tf: local.nme is not a local of environments/staging",
                "environments/staging/main.tf: module.auth is not a module call of environments/staging",
                "environments/staging/main.tf: module.edge.url is not an output of that module",
                "environments/staging/main.tf: var.enviroment is not a variable of environments/staging");
    }

    @Test
    void unpinnedProvidersAndModulesAndADirectoryWithoutARequiredVersionAreFound() {
        TerraformTree t = tree("""
                {"terraform": [{"required_providers": [{"random": {"source": "hashicorp/random"}}]}],
                 "module": {"vpc": [{"source": "terraform-aws-modules/vpc/aws", "version": "~> 6.0"}]}}
                """);
        assertThat(TerraformChecks.versions(t)).containsExactlyInAnyOrder(
                "environments/staging/main.tf: provider random has no version constraint",
                "environments/staging: no terraform { required_version } in the directory",
                "environments/staging/main.tf: module vpc (terraform-aws-modules/vpc/aws) is not pinned to x.y.z");
    }

    @Test
    void aSettingTheServiceDoesNotReadAComputedMapAndAStrayNameAreFound() {
        TerraformTree t = tree("""
                {"module": {"edge": [{"source": "../../modules/service", "service": "edge",
                   "environment": {"PARLEY_DB_PASSWORD": "x"}, "secrets": "${merge(local.a, local.b)}"}],
                            "chat": [{"source": "../../modules/service", "service": "chat"}]},
                 "locals": [{"env": {"PARLEY_EDGE_HTPP_HOST": "0.0.0.0"}}]}
                """);
        assertThat(TerraformChecks.serviceSettings(t, SETTINGS)).containsExactlyInAnyOrder(
                "environments/staging/main.tf: module edge (edge): environment PARLEY_DB_PASSWORD is not a documented setting of edge",
                "environments/staging/main.tf: module edge (edge): secrets is not a literal map, so its keys cannot be checked",
                "environments/staging/main.tf: module chat (chat): no such service; one of [auth, edge]",
                "environments/staging/main.tf: PARLEY_EDGE_HTPP_HOST is no service's setting");
    }

    @Test
    void undescribedOrInsensitiveSecretOutputsAndEnvironmentsWithoutMockedTestsAreFound() {
        TerraformTree t = TerraformTree.of("""
                {"files": {"environments/staging/outputs.tf": {"output": {"db_password": [{"description": "d", "value": "${x}"}],
                                                                 "db_password_arn": [{"description": "d", "value": "${x}"}],
                                                                 "url": [{"value": "${y}"}]}},
                 "environments/staging/tests/plan.tftest.hcl": {"run": {"plan": [{"command": "${plan}"}]}},
                 "tests/mocks/aws/aws.tfmock.hcl": {"mock_data": {"aws_region": [{"defaults": {"region": "eu-west-1"}}]}},
                 "environments/production/tests/plan.tftest.hcl": {"mock_provider": {"aws": [{"source": "../../tests/mocks/aws"}],
                                                                     "random": [{"source": "../../tests/mocks/random"}]},
                   "run": {"plan": [{"command": "${plan}", "assert": [{"condition": "${true}", "error_message": "e"}]}]}}}}
                """);
        assertThat(TerraformChecks.outputs(t)).containsExactlyInAnyOrder(
                "environments/staging/outputs.tf: output url has no description",
                "environments/staging/outputs.tf: output db_password looks like a secret and is not sensitive");
        assertThat(TerraformChecks.tests(t, List.of("environments/staging", "environments/production")))
                .containsExactlyInAnyOrder("environments/staging: no .tftest.hcl with a mock_provider",
                        "environments/staging/tests/plan.tftest.hcl: run plan asserts nothing",
                        "environments/production/tests/plan.tftest.hcl: mock_provider random source "
                                + "../../tests/mocks/random holds no .tfmock.hcl");
    }
}
