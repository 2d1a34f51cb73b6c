package jenkins;

public enum YesNoMaybe {
    YES,
    NO,
    MAYBE;

    public static Boolean toBoolean(YesNoMaybe v) {
        return v == null ? null : v.toBool();
    }

    public Boolean toBool() {
        if (this == YES) {
            return Boolean.TRUE;
        }
        if (this == NO) {
            return Boolean.FALSE;
        }
        return null;
    }
}
