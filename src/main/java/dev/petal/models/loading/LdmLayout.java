package dev.petal.models.loading;

/**
 * How one component (UNet, VAE, text encoder) is stored in an original single-file checkpoint: the key prefix
 * it owns, the source of each of the model's (diffusers-named) tensors, and the keys under that prefix that are
 * deliberately left unused.
 */
public interface LdmLayout {

    /** The checkpoint key prefix owned by this component ({@code model.diffusion_model.}, …; may be empty). */
    String scope();

    /** The checkpoint tensor holding the model tensor {@code modelKey}; null when the key has no LDM equivalent. */
    LdmSource source(String modelKey);

    /** True for checkpoint keys under {@link #scope()} that belong to the component but are not weights we load. */
    default boolean ignored(String checkpointKey) {
        return false;
    }
}
