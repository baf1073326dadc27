"""``python -m convdocs``: the output size of your own convolution, worked through, or its figure.

``shape`` imports only :mod:`convdocs.core.conv` (no torch, no matplotlib), so it answers at once.
"""

from __future__ import annotations

import argparse
import dataclasses
import errno
import json
import os
import sys
from pathlib import Path

from convdocs.cli import explain as explain_cli
from convdocs.cli import layer as layer_cli
from convdocs.core.atlas_match import link
from convdocs.core.conv import PADDING_MODES, check, formula
from convdocs.core.conv_cells import Conv
from convdocs.core.errors import ConvError
from convdocs.core.frameworks import FRAMEWORKS, like, like_conv, like_text, same_output
from convdocs.core.ints import DIMENSION_NAMES, dims
from convdocs.core.solve import EVERY, EXTRA, SHOWN, f_pad, solve, solve_text
from convdocs.core.words import say
from convdocs.figures.scene import PANELS  # pure Python like geometry: shape stays free of torch and matplotlib


def one_line(text: str) -> str:
    """``text`` with line breaks and other unprintable characters escaped, so that an error stays one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit status 2, as for an invalid configuration
        self.exit(2, f"error: {one_line(message)}\n")


INT64 = (-(2**63), 2**63 - 1)  # PyTorch's sizes and layer arguments are 64-bit integers


def _int(text: str) -> int:
    """A whole number as the explorer reads one: ASCII digits 0-9, an optional leading minus sign, nothing else
    (no "+", spaces, "_" or other scripts' digits), within PyTorch's 64-bit integers."""
    digits = text[1:] if text.startswith("-") else text
    if not (digits.isascii() and digits.isdigit()):
        if digits.isdigit() or digits.isdecimal():
            raise argparse.ArgumentTypeError(say("cli.own.not_ascii_integer", text=repr(text)))
        raise argparse.ArgumentTypeError(say("cli.own.not_integer", text=repr(text)))
    value = int(text) if len(digits) <= 20 else None  # Python refuses to parse very long numbers
    if value is None or not INT64[0] <= value <= INT64[1]:
        raise argparse.ArgumentTypeError(
            say(
                "cli.own.int64_overflow",
                text=text[:24] + ("..." if len(text) > 24 else ""),
                int64_min=INT64[0],
                int64_max=INT64[1],
            )
        )
    return value


def _padding(text: str):
    return text if text in ("same", "valid") else _int(text)


def _like(sub) -> None:
    sub.add_argument(
        "--like",
        choices=FRAMEWORKS,
        help=say("cli.main.pad_as_that_framework_s_same"),
    )


def parser() -> argparse.ArgumentParser:
    top = _Parser(prog="python -m convdocs", description=__doc__.splitlines()[0])
    commands = top.add_subparsers(dest="command", required=True, parser_class=_Parser)
    solver = commands.add_parser(
        "solve",
        help=say("cli.main.every_padding_that_gives_the_output"),
        description=say("cli.main.every_padding_minimal_first"),
    )
    solver.add_argument("--input", type=_int, nargs="+", required=True, metavar="N")
    solver.add_argument("--kernel", type=_int, nargs="+", required=True, metavar="K")
    solver.add_argument("--stride", type=_int, nargs="+", default=[1], metavar="S")
    solver.add_argument("--dilation", type=_int, nargs="+", default=[1], metavar="D")
    solver.add_argument("--output", type=_int, nargs="+", metavar="O", help=say("cli.main.the_output_size_you_want"))
    solver.add_argument("--transposed", action="store_true", help="ConvTranspose: padding/output_padding pairs")
    solver.add_argument("--extra", choices=EXTRA, help=say("solve.extra_help"))
    solver.add_argument("--json", action="store_true", help=say("solve.json_help"))
    solver.add_argument("--all", action="store_true", help=say("bounded.all_help", shown=SHOWN, most=f"{EVERY:,}"))
    _like(solver)
    for name, help_text in (
        ("shape", say("cli.main.print_the_output_size_and_the")),
        ("draw", say("cli.main.write_the_figure_of_the_configuration")),
    ):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--input",
            type=_int,
            nargs="+",
            required=True,
            metavar="N",
            help=say("cli.main.input_size_1_to_3_values"),
        )
        sub.add_argument(
            "--kernel", type=_int, nargs="+", metavar="K", help=say("cli.main.required_except_for_some_layer")
        )
        sub.add_argument("--stride", type=_int, nargs="+", default=[1], metavar="S")
        sub.add_argument(
            "--padding",
            type=_padding,
            nargs="+",
            metavar="P",
            help=say("cli.main.an_integer_per_dimension_or_one"),
        )
        sub.add_argument("--dilation", type=_int, nargs="+", default=[1], metavar="D")
        sub.add_argument("--padding-mode", choices=PADDING_MODES, default="zeros")
        sub.add_argument("--transposed", action="store_true", help=say("cli.main.convtranspose_instead_of_conv"))
        sub.add_argument("--output-padding", type=_int, nargs="+", metavar="A", help="with --transposed only")
        _like(sub)
        layer_cli.add_options(sub, _int)
        if name == "shape":
            sub.add_argument("--json", action="store_true", help=say("cli.main.print_output_padding_before_after"))
        else:
            sub.add_argument("-o", "--output", required=True, help=say("cli.main.file_to_write_svg_or_png"))
            sub.add_argument("--cell", type=_int, nargs="+", help=say("cli.main.output_cell_whose_receptive_field_is"))
            sub.add_argument("--animate", action="store_true", help=say("cli.main.svg_only_step_the_kernel_over"))
            sub.add_argument(
                "--panels",
                choices=PANELS,
                default="both",
                help=say("cli.main.the_combined_figure_the_padded_input"),
            )
    explain_cli.add_parser(commands)
    sub = commands.add_parser("trace", help=TRACE_HELP, description=TRACE_HELP)
    sub.add_argument("target", metavar="FILE.py:NAME", help=say("cli.main.name_an_nn_module_or_a"))
    sub.add_argument(
        "--input", type=_int, nargs="+", required=True, metavar="N", help=say("cli.main.input_shape_n_c_and_1")
    )
    sub.add_argument("--json", action="store_true", help=say("cli.main.print_layers_one_entry_per_layer"))
    sub.add_argument(
        "--timeout",
        type=_seconds,
        default=60.0,
        metavar="SECONDS",
        help=say("cli.main.stop_a_model_file_that_runs"),
    )
    return top


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("bounded.not_seconds", text=repr(text))) from None
    if not 0 < value <= 86400:
        raise argparse.ArgumentTypeError(say("bounded.seconds_range", text=repr(text)))
    return value


TRACE_HELP = say("cli.main.run_a_model_once_every_layer")


def trace_command(args) -> int:
    """``trace``: imports torch (only this subcommand does); the work is in convdocs.tracing.trace."""
    if not 3 <= len(args.input) <= 5:
        print(
            "error: " + say("cli.own.trace_input_sizes", count=len(args.input)),
            file=sys.stderr,
        )
        return 2
    from convdocs.tracing import guard
    from convdocs.tracing.command import command
    from convdocs.tracing.records import TraceError

    # The model file runs in a child process (convdocs.tracing.guard): whatever it prints goes to stderr, so
    # stdout holds only the answer (pure JSON with --json); an exit, an interrupt, a crash or a run past
    # --timeout is one line here. It runs in this directory, with no other limit on what it writes.
    what = say("cli.main.the_model_file", file=args.target.rpartition(":")[0] or args.target)
    try:
        text = guard.run(
            what,
            command,
            args.target,
            args.input,
            args.json,
            cwd=Path.cwd(),
            seconds=args.timeout,
            seconds_from="--timeout",
            protect=False,
        )
    except (TraceError, guard.GuardError) as error:
        print(f"error: {one_line(str(error))}", file=sys.stderr)
        return 2
    except (MemoryError, OverflowError, RuntimeError, ValueError) as error:  # torch refusing a size, say
        print(
            "error: "
            + say(
                "bounded.trace_failed",
                target=args.target,
                error=f"{type(error).__name__}: {one_line(str(error))[:300]}",
            ),
            file=sys.stderr,
        )
        return 2
    print(text)
    return 0


def _values(name: str, values: list, ndim: int):
    if len(values) == 1:
        return values[0]
    if len(values) == ndim:
        return tuple(values)
    raise ConvError(say("cli.own.takes_1_value_one_per", name=name, ndim=ndim, n_values=len(values)))


OUTPUT_KINDS = ("svg", "png")


def _output_kind(path: str) -> str:
    """ "svg" or "png" from the file name's suffix, in any letter case; anything else is refused."""
    suffix = os.path.splitext(path)[1]  # "" for "", "name", ".svg" (a hidden file's name) and "dir/"
    if suffix.lower()[1:] not in OUTPUT_KINDS:
        given = f"suffix {suffix!r}" if suffix else say("cli.main.no_file_suffix")
        raise ConvError(say("cli.own.o_has_write_svg_png", path=repr(path), given=given))
    return suffix.lower()[1:]


def check_cell(cell: list[int] | None, output: tuple[int, ...]) -> None:
    """``--cell``: one index per output dimension, each within the output (0 to size − 1)."""
    if cell is None:
        return
    if len(cell) != len(output):
        raise ConvError(say("bounded.cell_arity", n=len(output), s="s" if len(output) != 1 else "", got=len(cell)))
    if not all(0 <= c < n for c, n in zip(cell, output)):
        raise ConvError(say("bounded.cell_range", cell=" ".join(map(str, cell)), output=dims(output)))


def write_figure(drawing, path: str, kind: str) -> None:
    """Write the figure to a temporary file beside ``path``, then rename it over ``path``: a failed write
    leaves ``path`` as it was, never half a file."""
    import tempfile

    folder, name = os.path.split(path)
    fd, partial = tempfile.mkstemp(prefix=f".{name}.", suffix=f".{kind}", dir=folder or ".")
    os.close(fd)
    try:
        if kind == "svg":
            from convdocs.figures import svg

            with open(partial, "w", encoding="utf-8") as f:
                f.write(svg.render(drawing))
        else:
            from convdocs.figures import raster

            raster.save(drawing, partial)
        if os.path.isdir(path):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(partial, 0o666 & ~mask)  # as open() would have made it (mkstemp makes it private)
        os.replace(partial, path)
    except BaseException:
        os.unlink(partial)
        raise


def conv_from_args(args) -> Conv:  # noqa: F821
    n = len(args.input)
    if getattr(args, "like", None):
        return _like_conv(args, n)
    padding = args.padding or [0]
    if any(isinstance(p, str) for p in padding) and len(padding) != 1:
        raise ConvError(say("cli.own.padding_takes_same_valid_alone"))
    if args.output_padding is not None and not args.transposed:
        raise ConvError(say("cli.own.output_padding_belongs_convtranspose_d", n=n))
    return check(
        input=tuple(args.input),
        kernel=_values("kernel", args.kernel, n),
        stride=_values("stride", args.stride, n),
        padding=_values("padding", padding, n),
        dilation=_values("dilation", args.dilation, n),
        padding_mode=args.padding_mode,
        transposed=args.transposed,
        output_padding=_values("output-padding", args.output_padding or [0], n),
    )


def _like_conv(args, n: int):
    if args.padding is not None:
        raise ConvError(say("cli.own.like_sets_padding_leave_out", like=args.like))
    if args.transposed or args.padding_mode != "zeros":
        raise ConvError(say("cli.own.like_ports_same_zero_padding", like=args.like))
    return like_conv(
        args.like,
        tuple(args.input),
        _values("kernel", args.kernel, n),
        _values("stride", args.stride, n),
        _values("dilation", args.dilation, n),
    )


def _solve(args) -> int:
    n = len(args.input)
    spec = dict(
        input=tuple(args.input),
        kernel=_values("kernel", args.kernel, n),
        stride=_values("stride", args.stride, n),
        dilation=_values("dilation", args.dilation, n),
    )
    output = _values("output", args.output, n) if args.output else None
    if args.like:
        if args.transposed:
            raise ConvError(say("cli.own.like_ports_same_convolution_leave", like=args.like))
        pads = like(args.like, **spec)
        wanted = tuple(same_output(i, s) for i, s in zip(spec["input"], like_conv(args.like, **spec).stride))
        if output is not None and solve(**spec, output=output).output != wanted:
            raise ConvError(
                say(
                    "cli.own.gives_output_not",
                    framework=FRAMEWORKS[args.like],
                    same_output=dims(wanted),
                    asked=dims(args.output),
                )
            )
        answer = dataclasses.replace(solve(**spec, output=wanted), pads=pads, f_pad=f_pad(pads))
    else:
        answer = solve(**spec, output=output, transposed=args.transposed, extra=args.extra)
    if args.json:
        print(json.dumps(answer.as_json(every=args.all)))
    else:
        print(solve_text(answer, every=args.all))
        if args.like:
            print(like_text(args.like, answer.pads, answer.kernel, answer.stride, answer.dilation), end="")
    return 0


def conv_lines(conv) -> str:
    names = DIMENSION_NAMES[conv.ndim]
    lines = [f"output: {dims(conv.output)}"]
    lines += [f"{names[axis]}: {formula(conv, axis)}" for axis in range(conv.ndim)]
    if conv.empty:
        lines.append(EMPTY_NOTE)
    return "\n".join(lines)


EMPTY_NOTE = say("cli.main.note_the_output_is_empty_torch")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    top = parser()
    args = top.parse_args(argv)
    if args.command == "trace":
        return trace_command(args)
    if args.command == "explain":
        return explain_cli.command(args)
    if args.command in ("shape", "draw") and args.kernel is None and args.layer is None:
        top.error(say("cli.own.kernel_required"))
    try:
        if args.command == "solve":
            return _solve(args)
        if args.like and args.layer:
            raise ConvError(say("cli.own.like_ports_same_convolution_given", like=args.like))
        geo = layer_cli.layer_from_args(args, argv) if args.layer else None  # --layer: any padding-bearing layer
        if geo is not None and args.command == "shape":
            return layer_cli.print_shape(geo, args.json)
        conv = conv_from_args(args) if geo is None else geo if isinstance(geo, Conv) else None
        if args.command == "shape":
            assert conv is not None  # a non-convolution layer printed its shape above
            if args.json:
                print(json.dumps({"output": list(conv.output), "padding": [list(p) for p in conv.pads]}))
            else:
                print(conv_lines(conv))
                if args.like:
                    print(like_text(args.like, conv.pads, conv.kernel, conv.stride, conv.dilation), end="")
            return 0
        from convdocs.figures import scene

        kind = _output_kind(args.output)
        check_cell(args.cell, conv.output if conv is not None else getattr(geo, "output", ()))
        if conv is not None and conv.empty:
            raise ConvError(say("cli.own.output_empty_there_no_output", output=dims(conv.output)))
        if conv is not None:
            scene.check_budget(conv, args.animate)  # before any work: refuse a figure too large to draw
        if args.animate and kind == "png":
            raise ConvError(say("cli.own.animate_draws_svg_animation_png"))
        if conv is None:  # a pooling or padding layer
            drawing = layer_cli.drawing(geo, args)
        else:
            if args.animate and conv.transposed:
                raise ConvError(say("cli.own.animate_steps_convolution_s_kernel"))
            cell = tuple(args.cell) if args.cell else (0,) * conv.ndim
            drawing = scene.build(conv, cell, animate=args.animate, panels=args.panels)
        write_figure(drawing, args.output, kind)
        print(f"wrote {args.output}")
        return 0
    except ConvError as error:
        see = link(error.torch_text or "")  # torch refused it: the atlas section of torch's message
        print(f"error: {one_line(str(error))}" + (f" ({see})" if see else ""), file=sys.stderr)
        return 2
    except OSError as error:
        print(
            "error: " + say("cli.own.cannot_write", path=repr(getattr(args, "output", "")), reason=error.strerror),
            file=sys.stderr,
        )
        return 2
