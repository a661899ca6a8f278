package dev.petal.study;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Runs a study as a Kubernetes Indexed Job, the same pattern as {@link SlurmSubmitter}: one completion index per
 * trial, {@code JOB_COMPLETION_INDEX} → {@code petal study run STUDY --trial-index I}, so a pod whose trial is
 * done or held exits at once and re-applying the Job is safe. The study folder lives on a shared volume (a
 * PersistentVolumeClaim, ReadWriteMany) mounted at the same path in every pod; the image must have {@code petal}
 * on its PATH and the base model where the study's spec points.
 */
public final class KubernetesJob {
    /** Manifest settings; null fields are left out (the cluster's defaults). */
    public record Options(String image, String claim, String mountPath, String namespace, Integer parallelism, Integer cpus,
                          String memory, Integer gpus, Integer retriesPerTrial) {
        public Options {
            if (image == null || image.isBlank()) throw new IllegalArgumentException("--image is required (a container image with petal on its PATH)");
            if (claim == null || claim.isBlank()) throw new IllegalArgumentException("--pvc is required (a ReadWriteMany PersistentVolumeClaim holding the study folder)");
            mountPath = mountPath == null ? "/study" : mountPath;
            if (!mountPath.startsWith("/")) throw new IllegalArgumentException("--mount must be an absolute path, got " + mountPath);
            retriesPerTrial = retriesPerTrial == null ? 1 : retriesPerTrial;
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private KubernetesJob() {
    }

    /** Writes {@code STUDY/k8s/indexed-job.yaml}; the study folder is expected at {@code mountPath} inside the pods. */
    public static Path writeManifest(StudyDir study, Options o) throws IOException {
        int n = study.trials().size();
        if (n == 0) throw new IllegalArgumentException(study.root() + ": the study has no trials");
        String name = ("petal-" + study.spec().name()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-");
        name = name.substring(0, Math.min(name.length(), 52)).replaceAll("-$", "");

        ObjectNode job = YAML.createObjectNode();
        job.put("apiVersion", "batch/v1").put("kind", "Job");
        ObjectNode meta = job.putObject("metadata").put("name", name);
        if (o.namespace() != null) meta.put("namespace", o.namespace());
        meta.putObject("labels").put("app.kubernetes.io/name", "petal").put("petal.dev/study", name);
        ObjectNode spec = job.putObject("spec");
        spec.put("completionMode", "Indexed").put("completions", n).put("parallelism", o.parallelism() != null ? o.parallelism() : n);
        spec.put("backoffLimitPerIndex", o.retriesPerTrial());
        ObjectNode pod = spec.putObject("template").putObject("spec");
        pod.put("restartPolicy", "Never");
        ObjectNode c = pod.putArray("containers").addObject();
        c.put("name", "trial").put("image", o.image());
        c.putArray("command").add("/bin/sh").add("-c")
                .add("exec petal study run '" + o.mountPath() + "' --trial-index \"$JOB_COMPLETION_INDEX\"");
        ArrayNode env = c.putArray("env");
        env.addObject().put("name", "OPENBLAS_NUM_THREADS").put("value", "1");
        env.addObject().put("name", "OMP_WAIT_POLICY").put("value", "PASSIVE");
        if (o.cpus() != null) env.addObject().put("name", "PETAL_THREADS").put("value", String.valueOf(o.cpus()));
        ObjectNode res = c.putObject("resources");
        ObjectNode req = YAML.createObjectNode(), lim = YAML.createObjectNode();
        if (o.cpus() != null) req.put("cpu", String.valueOf(o.cpus()));
        if (o.memory() != null) {
            req.put("memory", o.memory());
            lim.put("memory", o.memory());
        }
        if (o.gpus() != null && o.gpus() > 0) lim.put("nvidia.com/gpu", o.gpus());
        if (!req.isEmpty()) res.set("requests", req);
        if (!lim.isEmpty()) res.set("limits", lim);
        c.putArray("volumeMounts").addObject().put("name", "study").put("mountPath", o.mountPath());
        pod.putArray("volumes").addObject().put("name", "study").putObject("persistentVolumeClaim").put("claimName", o.claim());

        Path file = study.root().resolve("k8s").resolve("indexed-job.yaml");
        Files.createDirectories(file.getParent());
        String header = "# petal study " + study.spec().name() + ": " + n + " trials, one completion index each.\n"
                + "# The study folder must be on PVC '" + o.claim() + "' at " + o.mountPath() + " (copy " + study.root().toAbsolutePath()
                + " there), then: kubectl apply -f " + file.getFileName() + "\n";
        StudyDir.writeAtomically(file, header + YAML.writeValueAsString(job));
        return file;
    }

    /** {@code kubectl apply -f MANIFEST}; returns kubectl's output. */
    public static String apply(Path manifest) throws IOException, InterruptedException {
        return SlurmSubmitter.runTool(List.of("kubectl", "apply", "-f", manifest.toString()),
                "is it installed and on PATH? the manifest is at " + manifest);
    }
}
