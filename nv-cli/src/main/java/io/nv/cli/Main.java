package io.nv.cli;

/** Entry point of the {@code nv} command. */
public final class Main {
  private Main() {}

  /** Runs {@code nv}. */
  public static void main(String[] args) {
    System.out.println("nv 0.1.0-SNAPSHOT");
  }
}
