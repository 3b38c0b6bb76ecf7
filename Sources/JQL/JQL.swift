public enum JQLPlaceholder {}
