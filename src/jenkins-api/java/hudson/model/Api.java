package hudson.model;

/**
 * Compile-time declaration of {@code hudson.model.Api} (core 2.541.3, {@code hudson/model/Api.java}): the
 * {@code /api/json} endpoint of an exported bean. Only the members the plugin uses.
 */
public class Api extends AbstractModelObject {
    public final Object bean;

    public Api(Object bean) {
        this.bean = bean;
    }

    @Override
    public String getDisplayName() {
        return "API";
    }

    @Override
    public String getSearchUrl() {
        return "api";
    }
}
