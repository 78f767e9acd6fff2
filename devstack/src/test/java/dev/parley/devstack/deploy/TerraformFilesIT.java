package dev.parley.devstack.deploy;

import static dev.parley.devstack.deploy.DockerfileTest.HOME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.config.Settings;
import dev.parley.common.kafka.BrokerSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * terraform/ checked on a machine without terraform: every file parses with HashiCorp's HCL2
 * parser and is formatted by its formatter (node runs {@code tools/hcl}, which {@code ./parley test}
 * installs with npm), and then {@link TerraformChecks} on what it read. {@code tools/terraform-check}
 * runs {@code terraform fmt}, {@code validate} and {@code test} where terraform is installed.
 */
class TerraformFilesIT {
    private static final List<String> ENVIRONMENTS = List.of("environments/staging", "environments/production");
    private static TerraformTree tree;

    @BeforeAll
    static void parse() throws Exception {
        tree = TerraformTree.parse(HOME.resolve("terraform"), HOME);
    }

    @Test
    void everyFileParsesAndTheLayoutIsModulesComposedByTwoEnvironments() {
        assertThat(tree.files()).isNotEmpty();
        for (String env : ENVIRONMENTS) {
            assertThat(tree.hasDir(env)).as(env).isTrue();
            assertThat(tree.blocks("module").stream().filter(m -> m.dir().equals(env)))
                    .as(env + " composes modules").isNotEmpty();
        }
        assertThat(tree.files().keySet().stream().filter(f -> f.startsWith("modules/"))
                .map(f -> f.split("/")[1]).collect(Collectors.toSet()))
                .contains("network", "kafka", "redis", "postgres", "scylla", "service");
        assertThat(tree.blocks("module")).filteredOn(m -> m.dir().equals("modules/network"))
                .extracting(m -> m.body().path("source").asText())
                .as("the VPC comes from terraform-aws-modules").contains("terraform-aws-modules/vpc/aws");
    }

    @Test
    void everyFileIsFormattedAsTerraformFmtWouldLeaveIt() {
        assertThat(tree.unformatted()).as("run terraform fmt -recursive terraform/").isEmpty();
    }

    @Test
    void everyVariableIsTypedDescribedAndValidatedAndNoSecretHasADefault() {
        assertThat(tree.blocks("variable")).hasSizeGreaterThan(20);
        assertThat(TerraformChecks.variables(tree)).isEmpty();
    }

    @Test
    void everyModuleCallPassesOnlyAndAllTheVariablesItsModuleDeclares() {
        assertThat(TerraformChecks.moduleCalls(tree)).isEmpty();
    }

    @Test
    void everyReferenceNamesAVariableLocalModuleOrModuleOutputThatExists() {
        assertThat(TerraformChecks.references(tree)).isEmpty();
    }

    @Test
    void terraformProvidersAndRegistryModulesArePinned() {
        assertThat(TerraformChecks.versions(tree)).isEmpty();
    }

    @Test
    void everyServiceIsGivenOnlyDocumentedSettingsOfItsOwn() {
        Map<String, Set<String>> settings = new TreeMap<>();
        for (ServiceCatalogue s : ServiceCatalogue.values()) {
            settings.put(s.image, s.keys().stream().filter(k -> s.documents(HOME, k))
                    .map(Settings::envName).collect(Collectors.toSet()));
        }
        assertThat(tree.blocks("module").stream().filter(m -> m.body().has("service"))
                .map(m -> m.body().path("service").asText()).collect(Collectors.toSet()))
                .as("every deployable runs on ECS").containsExactlyInAnyOrderElementsOf(settings.keySet());
        assertThat(TerraformChecks.serviceSettings(tree, settings)).isEmpty();
    }

    @Test
    void outputsAreDescribedAndNoneGivesASecretAway() {
        assertThat(TerraformChecks.outputs(tree)).isEmpty();
    }

    @Test
    void everyEnvironmentHasTerraformTestsOnMockProviders() {
        assertThat(TerraformChecks.tests(tree, ENVIRONMENTS)).isEmpty();
    }

    /**
     * The services' 2 s session timeouts need the broker to allow them. MSK lets a configuration set
     * group.min.session.timeout.ms; the abort scan interval is not among the properties MSK documents
     * as settable, so it stays at Kafka's 10 s there (streams-topology/README.md "Failover").
     */
    @Test
    void theMskConfigurationAllowsTheServicesSessionTimeouts() throws java.io.IOException {
        String kafka = java.nio.file.Files.readString(HOME.resolve("terraform/modules/kafka/main.tf"));
        String key = BrokerSettings.MIN_SESSION_TIMEOUT;
        assertThat(kafka).contains(key + "=" + BrokerSettings.FAILOVER.get(key));
    }
}
